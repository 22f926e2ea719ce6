-- CreateEnum
CREATE TYPE "BackupStatus" AS ENUM ('running', 'completed', 'failed');

-- CreateEnum
CREATE TYPE "BackupTrigger" AS ENUM ('manual', 'scheduled');

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "max_backups_per_hour" INTEGER;

-- CreateTable
CREATE TABLE "backups" (
    "id" UUID NOT NULL,
    "store_id" UUID NOT NULL,
    "trigger" "BackupTrigger" NOT NULL,
    "requested_by_id" UUID,
    "status" "BackupStatus" NOT NULL DEFAULT 'running',
    "reason" TEXT,
    "engine" "StoreEngine" NOT NULL,
    "engine_version" TEXT,
    "manifest_key" TEXT NOT NULL,
    "size_bytes" BIGINT,
    "objects" JSONB,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "backups_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "backup_policies" (
    "store_id" UUID NOT NULL,
    "interval_hours" INTEGER NOT NULL DEFAULT 24,
    "keep_last" INTEGER NOT NULL DEFAULT 7,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "backup_policies_pkey" PRIMARY KEY ("store_id")
);

-- CreateIndex
CREATE INDEX "backups_store_id_created_at_id_idx" ON "backups"("store_id", "created_at", "id");

-- CreateIndex
CREATE INDEX "backups_requested_by_id_created_at_idx" ON "backups"("requested_by_id", "created_at");

-- CreateIndex
CREATE INDEX "backups_status_created_at_idx" ON "backups"("status", "created_at");

-- AddForeignKey
ALTER TABLE "backups" ADD CONSTRAINT "backups_store_id_fkey" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "backup_policies" ADD CONSTRAINT "backup_policies_store_id_fkey" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE CASCADE;
