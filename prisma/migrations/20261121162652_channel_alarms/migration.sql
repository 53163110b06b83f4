-- CreateEnum
CREATE TYPE "alarm_kind" AS ENUM ('channel_down', 'channel_up', 'carrier_unreachable', 'carrier_reachable');

-- CreateTable
CREATE TABLE "channel_alarms" (
    "id" BIGSERIAL NOT NULL,
    "kind" "alarm_kind" NOT NULL,
    "channel_id" BIGINT,
    "carrier_code" VARCHAR(8),
    "reason" VARCHAR(500) NOT NULL,
    "raised_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "channel_alarms_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alarm_contacts" (
    "id" BIGSERIAL NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "phone" VARCHAR(21) NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "alarm_contacts_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "channel_alarms_raised_at_idx" ON "channel_alarms"("raised_at");

-- CreateIndex
CREATE INDEX "channel_alarms_channel_id_raised_at_idx" ON "channel_alarms"("channel_id", "raised_at");

-- CreateIndex
CREATE UNIQUE INDEX "alarm_contacts_phone_key" ON "alarm_contacts"("phone");

-- AddForeignKey
ALTER TABLE "channel_alarms" ADD CONSTRAINT "channel_alarms_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "channels"("id") ON DELETE CASCADE ON UPDATE CASCADE;
