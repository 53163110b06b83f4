-- AlterTable
ALTER TABLE "campaigns" ADD COLUMN     "rejections" JSONB,
ADD COLUMN     "request_hash" VARCHAR(64);
