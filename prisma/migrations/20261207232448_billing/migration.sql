-- Money (issue 12, docs/decisions/0186-billing-plans-and-recharge.md): prices per business type and
-- carrier inherited down the org tree, billing plans per org and business type with their monthly
-- usage, message packs, online recharge orders and the payment events that credit them once,
-- invoice requests, platform settings, the frozen status and what the freeze sweep and the
-- low-balance alert keep on orgs. New enum values are only added here, not used (PostgreSQL refuses
-- that in the transaction that adds them).
-- CreateEnum
CREATE TYPE "billing_plan_mode" AS ENUM ('per_segment', 'monthly_package', 'monthly_cap', 'free');

-- CreateEnum
CREATE TYPE "recharge_status" AS ENUM ('pending', 'paid', 'expired', 'failed');

-- CreateEnum
CREATE TYPE "invoice_status" AS ENUM ('requested', 'issued', 'sent', 'refused');

-- AlterEnum
ALTER TYPE "org_status" ADD VALUE 'frozen';

-- AlterEnum
ALTER TYPE "ledger_kind" ADD VALUE 'transfer_out';
ALTER TYPE "ledger_kind" ADD VALUE 'transfer_in';
ALTER TYPE "ledger_kind" ADD VALUE 'pack_purchase';
ALTER TYPE "ledger_kind" ADD VALUE 'monthly_fee';

-- AlterTable
ALTER TABLE "orgs" ADD COLUMN     "closed_at" TIMESTAMPTZ(3),
ADD COLUMN     "empty_since" TIMESTAMPTZ(3),
ADD COLUMN     "frozen_at" TIMESTAMPTZ(3),
ADD COLUMN     "low_balance_alerted_at" TIMESTAMPTZ(3),
ADD COLUMN     "low_balance_threshold" BIGINT;

-- AlterTable
ALTER TABLE "org_prices" DROP CONSTRAINT "org_prices_pkey",
ADD COLUMN     "carrier_code" VARCHAR(8) NOT NULL DEFAULT '*',
ADD CONSTRAINT "org_prices_pkey" PRIMARY KEY ("org_id", "business_type_id", "carrier_code");

-- AlterTable
ALTER TABLE "ledger_entries" ADD COLUMN     "business_type_id" BIGINT,
ADD COLUMN     "counterparty_org_id" BIGINT,
ADD COLUMN     "receipt_number" VARCHAR(64);

-- CreateTable
CREATE TABLE "billing_plans" (
    "org_id" BIGINT NOT NULL,
    "business_type_id" BIGINT NOT NULL,
    "mode" "billing_plan_mode" NOT NULL,
    "monthly_fee" BIGINT NOT NULL DEFAULT 0,
    "included_segments" INTEGER NOT NULL DEFAULT 0,
    "overage_price" BIGINT,
    "monthly_cap" BIGINT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "billing_plans_pkey" PRIMARY KEY ("org_id","business_type_id")
);

-- CreateTable
CREATE TABLE "billing_usage" (
    "org_id" BIGINT NOT NULL,
    "business_type_id" BIGINT NOT NULL,
    "month" DATE NOT NULL,
    "segments" BIGINT NOT NULL DEFAULT 0,
    "amount" BIGINT NOT NULL DEFAULT 0,
    "fee_charged" BIGINT NOT NULL DEFAULT 0,

    CONSTRAINT "billing_usage_pkey" PRIMARY KEY ("org_id","business_type_id","month")
);

-- CreateTable
CREATE TABLE "message_packs" (
    "id" BIGSERIAL NOT NULL,
    "org_id" BIGINT NOT NULL,
    "business_type_id" BIGINT,
    "segments" INTEGER NOT NULL,
    "segments_left" INTEGER NOT NULL,
    "price" BIGINT NOT NULL,
    "ledger_entry_id" BIGINT,
    "bought_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3),

    CONSTRAINT "message_packs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "recharge_orders" (
    "id" BIGSERIAL NOT NULL,
    "org_id" BIGINT NOT NULL,
    "amount" BIGINT NOT NULL,
    "currency" VARCHAR(3) NOT NULL DEFAULT 'cny',
    "provider" VARCHAR(20) NOT NULL DEFAULT 'stripe',
    "provider_session_id" VARCHAR(255),
    "status" "recharge_status" NOT NULL DEFAULT 'pending',
    "ledger_entry_id" BIGINT,
    "created_by" BIGINT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "paid_at" TIMESTAMPTZ(3),

    CONSTRAINT "recharge_orders_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "payment_events" (
    "id" VARCHAR(255) NOT NULL,
    "provider" VARCHAR(20) NOT NULL DEFAULT 'stripe',
    "type" VARCHAR(100) NOT NULL,
    "outcome" VARCHAR(40) NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "payment_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "invoice_requests" (
    "id" BIGSERIAL NOT NULL,
    "org_id" BIGINT NOT NULL,
    "amount" BIGINT NOT NULL,
    "title" VARCHAR(200) NOT NULL,
    "tax_number" VARCHAR(32) NOT NULL,
    "send_to" VARCHAR(300) NOT NULL,
    "status" "invoice_status" NOT NULL DEFAULT 'requested',
    "invoice_number" VARCHAR(64),
    "refusal_reason" VARCHAR(500),
    "requested_by" BIGINT,
    "handled_by" BIGINT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "issued_at" TIMESTAMPTZ(3),
    "sent_at" TIMESTAMPTZ(3),

    CONSTRAINT "invoice_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "platform_settings" (
    "key" VARCHAR(64) NOT NULL,
    "value" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "platform_settings_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "billing_plans_business_type_id_idx" ON "billing_plans"("business_type_id");

-- CreateIndex
CREATE INDEX "billing_usage_business_type_id_idx" ON "billing_usage"("business_type_id");

-- CreateIndex
CREATE UNIQUE INDEX "message_packs_ledger_entry_id_key" ON "message_packs"("ledger_entry_id");

-- CreateIndex
CREATE INDEX "message_packs_org_id_bought_at_idx" ON "message_packs"("org_id", "bought_at");

-- CreateIndex
CREATE INDEX "message_packs_business_type_id_idx" ON "message_packs"("business_type_id");

-- CreateIndex
CREATE UNIQUE INDEX "recharge_orders_provider_session_id_key" ON "recharge_orders"("provider_session_id");

-- CreateIndex
CREATE UNIQUE INDEX "recharge_orders_ledger_entry_id_key" ON "recharge_orders"("ledger_entry_id");

-- CreateIndex
CREATE INDEX "recharge_orders_org_id_created_at_idx" ON "recharge_orders"("org_id", "created_at");

-- CreateIndex
CREATE INDEX "invoice_requests_org_id_created_at_idx" ON "invoice_requests"("org_id", "created_at");

-- CreateIndex
CREATE INDEX "invoice_requests_status_created_at_idx" ON "invoice_requests"("status", "created_at");

-- AddForeignKey
ALTER TABLE "billing_plans" ADD CONSTRAINT "billing_plans_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "orgs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "billing_plans" ADD CONSTRAINT "billing_plans_business_type_id_fkey" FOREIGN KEY ("business_type_id") REFERENCES "business_types"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "billing_usage" ADD CONSTRAINT "billing_usage_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "orgs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "billing_usage" ADD CONSTRAINT "billing_usage_business_type_id_fkey" FOREIGN KEY ("business_type_id") REFERENCES "business_types"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message_packs" ADD CONSTRAINT "message_packs_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "orgs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "message_packs" ADD CONSTRAINT "message_packs_business_type_id_fkey" FOREIGN KEY ("business_type_id") REFERENCES "business_types"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "recharge_orders" ADD CONSTRAINT "recharge_orders_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "orgs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "invoice_requests" ADD CONSTRAINT "invoice_requests_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "orgs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- SQL-only additions (packages/db/test/drift/sql-only-additions.ts)
ALTER TABLE "org_prices" ADD CONSTRAINT "org_prices_carrier_code_check" CHECK (carrier_code ~ '^(\*|[A-Za-z0-9_-]{1,8})$');
ALTER TABLE "org_prices" ADD CONSTRAINT "org_prices_price_check" CHECK (price_per_segment >= 0);
ALTER TABLE "message_packs" ADD CONSTRAINT "message_packs_segments_left_check" CHECK (segments_left >= 0 AND segments_left <= segments);
ALTER TABLE "billing_plans" ADD CONSTRAINT "billing_plans_amounts_check" CHECK (monthly_fee >= 0 AND included_segments >= 0 AND (overage_price IS NULL OR overage_price >= 0) AND (monthly_cap IS NULL OR monthly_cap >= 0));
