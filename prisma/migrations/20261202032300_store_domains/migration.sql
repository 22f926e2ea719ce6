-- AlterEnum
ALTER TYPE "StoreStatus" ADD VALUE 'configuring';

-- CreateTable
CREATE TABLE "store_domains" (
    "id" UUID NOT NULL,
    "store_id" UUID NOT NULL,
    "hostname" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "store_domains_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "store_domains_hostname_key" ON "store_domains"("hostname");

-- CreateIndex
CREATE INDEX "store_domains_store_id_position_idx" ON "store_domains"("store_id", "position");

-- AddForeignKey
ALTER TABLE "store_domains" ADD CONSTRAINT "store_domains_store_id_fkey" FOREIGN KEY ("store_id") REFERENCES "stores"("id") ON DELETE CASCADE ON UPDATE CASCADE;
