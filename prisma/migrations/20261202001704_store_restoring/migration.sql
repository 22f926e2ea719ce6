-- AlterEnum
ALTER TYPE "StoreStatus" ADD VALUE 'restoring';

-- AlterTable
ALTER TABLE "stores" ADD COLUMN     "restore_backup_id" UUID;
