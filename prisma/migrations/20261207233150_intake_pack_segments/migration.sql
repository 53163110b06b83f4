-- Intake (issue 12, decision 0186): the segments of a message a message pack paid for, which a
-- refund never gives back and billing_usage never counted. A constant default: no table rewrite.
-- AlterTable
ALTER TABLE "messages" ADD COLUMN     "pack_segments" SMALLINT NOT NULL DEFAULT 0;
