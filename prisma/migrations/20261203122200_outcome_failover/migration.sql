-- AlterTable
ALTER TABLE "business_types" ADD COLUMN     "outcome_failover_attempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "outcome_failover_change_carrier" BOOLEAN NOT NULL DEFAULT true;

-- CreateTable
CREATE TABLE "message_attempts" (
    "message_id" BIGINT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "channel_id" BIGINT,
    "status" "message_status" NOT NULL,
    "report_code" VARCHAR(32),
    "fault" VARCHAR(16) NOT NULL,
    "submitted_at" TIMESTAMPTZ(3),
    "final_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "message_attempts_pkey" PRIMARY KEY ("message_id","attempt")
);

-- CreateIndex
CREATE INDEX "message_attempts_channel_id_idx" ON "message_attempts"("channel_id");

-- AddForeignKey
ALTER TABLE "message_attempts" ADD CONSTRAINT "message_attempts_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message_attempts" ADD CONSTRAINT "message_attempts_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "channels"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
