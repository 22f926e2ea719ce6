-- AlterEnum
ALTER TYPE "StoreStatus" ADD VALUE 'upgrading';

-- AlterTable
ALTER TABLE "stores" ADD COLUMN     "engine_version" TEXT,
ADD COLUMN     "target_engine_version" TEXT;
