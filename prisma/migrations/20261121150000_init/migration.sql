-- CreateEnum
CREATE TYPE "org_kind" AS ENUM ('platform', 'province', 'city', 'county', 'department', 'enterprise', 'partner');

-- CreateEnum
CREATE TYPE "org_status" AS ENUM ('active', 'suspended', 'closed');

-- CreateEnum
CREATE TYPE "billing_mode" AS ENUM ('prepaid', 'postpaid');

-- CreateEnum
CREATE TYPE "user_role" AS ENUM ('owner', 'admin', 'operator', 'viewer');

-- CreateEnum
CREATE TYPE "user_status" AS ENUM ('active', 'invited', 'disabled');

-- CreateEnum
CREATE TYPE "locale" AS ENUM ('zh-CN', 'en');

-- CreateEnum
CREATE TYPE "charge_basis" AS ENUM ('accepted', 'delivered');

-- CreateEnum
CREATE TYPE "signature_status" AS ENUM ('pending', 'approved', 'rejected');

-- CreateEnum
CREATE TYPE "channel_protocol" AS ENUM ('smpp', 'cmpp', 'sgip', 'smgp', 'cngp', 'modem');

-- CreateEnum
CREATE TYPE "channel_role" AS ENUM ('primary', 'cross_carrier', 'backup');

-- CreateEnum
CREATE TYPE "blacklist_source" AS ENUM ('manual', 'opt_out', 'complaint', 'import');

-- CreateEnum
CREATE TYPE "campaign_kind" AS ENUM ('api', 'group', 'file', 'scheduled');

-- CreateEnum
CREATE TYPE "campaign_status" AS ENUM ('draft', 'pending_review', 'scheduled', 'sending', 'completed', 'canceled');

-- CreateEnum
CREATE TYPE "text_encoding" AS ENUM ('gsm7', 'ascii', 'latin1', 'ucs2', 'gbk', 'binary');

-- CreateEnum
CREATE TYPE "message_status" AS ENUM ('accepted', 'queued', 'submitting', 'submitted', 'delivered', 'undelivered', 'expired', 'failed', 'rejected', 'canceled');

-- CreateEnum
CREATE TYPE "segment_status" AS ENUM ('pending', 'submitting', 'submitted', 'delivered', 'undelivered', 'expired', 'failed', 'rejected');

-- CreateEnum
CREATE TYPE "delivery_state" AS ENUM ('DELIVRD', 'EXPIRED', 'DELETED', 'UNDELIV', 'ACCEPTD', 'UNKNOWN', 'REJECTD', 'ENROUTE');

-- CreateEnum
CREATE TYPE "mo_route" AS ENUM ('inbox', 'webhook', 'auto_reply', 'opt_out', 'alarm', 'forward');

-- CreateEnum
CREATE TYPE "webhook_delivery_status" AS ENUM ('pending', 'delivered', 'failed');

-- CreateEnum
CREATE TYPE "ledger_kind" AS ENUM ('charge', 'refund', 'recharge', 'adjustment');

-- CreateTable
CREATE TABLE "orgs" (
    "id" BIGSERIAL NOT NULL,
    "parent_id" BIGINT,
    "path" BIGINT[] DEFAULT ARRAY[]::BIGINT[],
    "kind" "org_kind" NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "status" "org_status" NOT NULL DEFAULT 'active',
    "billing_mode" "billing_mode" NOT NULL DEFAULT 'prepaid',
    "balance" BIGINT NOT NULL DEFAULT 0,
    "credit_limit" BIGINT NOT NULL DEFAULT 0,
    "extension_code" VARCHAR(12),
    "ip_allow_list" INET[] DEFAULT ARRAY[]::INET[],
    "daily_limit" INTEGER,
    "monthly_limit" INTEGER,
    "rate_limit" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "orgs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "users" (
    "id" BIGSERIAL NOT NULL,
    "org_id" BIGINT NOT NULL,
    "email" VARCHAR(254) NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "password_hash" VARCHAR(255) NOT NULL,
    "role" "user_role" NOT NULL DEFAULT 'operator',
    "locale" "locale" NOT NULL DEFAULT 'zh-CN',
    "status" "user_status" NOT NULL DEFAULT 'active',
    "last_login_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" BIGSERIAL NOT NULL,
    "org_id" BIGINT NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "prefix" VARCHAR(8) NOT NULL,
    "secret_hash" VARCHAR(64) NOT NULL,
    "ip_allow_list" INET[] DEFAULT ARRAY[]::INET[],
    "scopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "created_by" BIGINT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "business_types" (
    "id" BIGSERIAL NOT NULL,
    "code" VARCHAR(32) NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "priority" INTEGER NOT NULL,
    "price_per_segment" BIGINT NOT NULL,
    "charge_basis" "charge_basis" NOT NULL DEFAULT 'accepted',
    "max_queue_wait_seconds" INTEGER NOT NULL,
    "validity_seconds" INTEGER NOT NULL,
    "retry_attempts" INTEGER NOT NULL DEFAULT 3,
    "retry_backoff_seconds" INTEGER NOT NULL DEFAULT 30,
    "retry_change_channel" BOOLEAN NOT NULL DEFAULT true,
    "want_status_report" BOOLEAN NOT NULL DEFAULT true,
    "quiet_hours_start" INTEGER NOT NULL DEFAULT 0,
    "quiet_hours_end" INTEGER NOT NULL DEFAULT 0,
    "quiet_hours_apply" BOOLEAN NOT NULL DEFAULT false,
    "dual_send" BOOLEAN NOT NULL DEFAULT false,
    "requires_review" BOOLEAN NOT NULL DEFAULT false,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "business_types_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "org_prices" (
    "org_id" BIGINT NOT NULL,
    "business_type_id" BIGINT NOT NULL,
    "price_per_segment" BIGINT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "org_prices_pkey" PRIMARY KEY ("org_id","business_type_id")
);

-- CreateTable
CREATE TABLE "signatures" (
    "id" BIGSERIAL NOT NULL,
    "org_id" BIGINT NOT NULL,
    "text" VARCHAR(32) NOT NULL,
    "status" "signature_status" NOT NULL DEFAULT 'pending',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reviewed_at" TIMESTAMPTZ(3),

    CONSTRAINT "signatures_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "carriers" (
    "code" VARCHAR(8) NOT NULL,
    "name" VARCHAR(50) NOT NULL,

    CONSTRAINT "carriers_pkey" PRIMARY KEY ("code")
);

-- CreateTable
CREATE TABLE "channels" (
    "id" BIGSERIAL NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "protocol" "channel_protocol" NOT NULL,
    "protocol_version" VARCHAR(8) NOT NULL,
    "host" VARCHAR(255) NOT NULL,
    "port" INTEGER NOT NULL,
    "account" VARCHAR(64) NOT NULL,
    "secret" VARCHAR(128) NOT NULL,
    "sp_number" VARCHAR(21) NOT NULL,
    "service_id" VARCHAR(32),
    "options" JSONB NOT NULL DEFAULT '{}',
    "max_binds" INTEGER NOT NULL DEFAULT 1,
    "window_size" INTEGER NOT NULL DEFAULT 16,
    "tps" INTEGER NOT NULL DEFAULT 100,
    "carriers" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "cost_per_segment" BIGINT NOT NULL DEFAULT 0,
    "weight" INTEGER NOT NULL DEFAULT 100,
    "role" "channel_role" NOT NULL DEFAULT 'primary',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "channels_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "routes" (
    "id" BIGSERIAL NOT NULL,
    "carrier_code" VARCHAR(8) NOT NULL,
    "business_type_id" BIGINT,
    "org_id" BIGINT,
    "prefix" VARCHAR(21),
    "priority" INTEGER NOT NULL DEFAULT 0,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "routes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "route_channels" (
    "route_id" BIGINT NOT NULL,
    "channel_id" BIGINT NOT NULL,
    "tier" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "route_channels_pkey" PRIMARY KEY ("route_id","channel_id")
);

-- CreateTable
CREATE TABLE "number_portability" (
    "number" VARCHAR(21) NOT NULL,
    "carrier_code" VARCHAR(8) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "number_portability_pkey" PRIMARY KEY ("number")
);

-- CreateTable
CREATE TABLE "blacklist" (
    "id" BIGSERIAL NOT NULL,
    "number" VARCHAR(21) NOT NULL,
    "org_id" BIGINT,
    "source" "blacklist_source" NOT NULL DEFAULT 'manual',
    "reason" VARCHAR(200),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "blacklist_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "campaigns" (
    "id" BIGSERIAL NOT NULL,
    "org_id" BIGINT NOT NULL,
    "kind" "campaign_kind" NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "business_type_id" BIGINT NOT NULL,
    "client_ref" VARCHAR(64),
    "text" TEXT,
    "send_at" TIMESTAMPTZ(3),
    "status" "campaign_status" NOT NULL DEFAULT 'draft',
    "recipient_count" INTEGER NOT NULL DEFAULT 0,
    "segment_count" INTEGER NOT NULL DEFAULT 0,
    "amount" BIGINT NOT NULL DEFAULT 0,
    "delivered_count" INTEGER NOT NULL DEFAULT 0,
    "failed_count" INTEGER NOT NULL DEFAULT 0,
    "created_by" BIGINT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completed_at" TIMESTAMPTZ(3),

    CONSTRAINT "campaigns_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "messages" (
    "id" BIGSERIAL NOT NULL,
    "org_id" BIGINT NOT NULL,
    "campaign_id" BIGINT,
    "business_type_id" BIGINT NOT NULL,
    "recipient" VARCHAR(21) NOT NULL,
    "carrier_code" VARCHAR(8),
    "extension" VARCHAR(16),
    "text" TEXT NOT NULL,
    "encoding" "text_encoding" NOT NULL,
    "segment_count" INTEGER NOT NULL,
    "price" BIGINT NOT NULL DEFAULT 0,
    "status" "message_status" NOT NULL DEFAULT 'accepted',
    "status_detail" VARCHAR(200),
    "error_code" VARCHAR(32),
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "channel_id" BIGINT,
    "send_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "submitted_at" TIMESTAMPTZ(3),
    "final_at" TIMESTAMPTZ(3),

    CONSTRAINT "messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "segments" (
    "message_id" BIGINT NOT NULL,
    "seq" INTEGER NOT NULL,
    "total" INTEGER NOT NULL,
    "channel_id" BIGINT,
    "carrier_message_id" VARCHAR(64),
    "status" "segment_status" NOT NULL DEFAULT 'pending',
    "submit_attempts" INTEGER NOT NULL DEFAULT 0,
    "submitted_at" TIMESTAMPTZ(3),
    "report_state" "delivery_state",
    "report_code" VARCHAR(32),
    "report_error" VARCHAR(32),
    "report_at" TIMESTAMPTZ(3),

    CONSTRAINT "segments_pkey" PRIMARY KEY ("message_id","seq")
);

-- CreateTable
CREATE TABLE "status_reports" (
    "id" BIGSERIAL NOT NULL,
    "channel_id" BIGINT NOT NULL,
    "carrier_message_id" VARCHAR(64) NOT NULL,
    "recipient" VARCHAR(21) NOT NULL,
    "state" "delivery_state" NOT NULL,
    "code" VARCHAR(32) NOT NULL,
    "error" VARCHAR(32),
    "done_at" TIMESTAMPTZ(3),
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "matched_at" TIMESTAMPTZ(3),
    "message_id" BIGINT,
    "segment_seq" INTEGER,
    "raw" JSONB,

    CONSTRAINT "status_reports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "mo_messages" (
    "id" BIGSERIAL NOT NULL,
    "channel_id" BIGINT NOT NULL,
    "from_number" VARCHAR(21) NOT NULL,
    "to_number" VARCHAR(21) NOT NULL,
    "text" TEXT NOT NULL,
    "encoding" "text_encoding" NOT NULL,
    "received_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "org_id" BIGINT,
    "keyword" VARCHAR(32),
    "routed_to" "mo_route",
    "handled_at" TIMESTAMPTZ(3),

    CONSTRAINT "mo_messages_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_endpoints" (
    "id" BIGSERIAL NOT NULL,
    "org_id" BIGINT NOT NULL,
    "url" TEXT NOT NULL,
    "secret" VARCHAR(128) NOT NULL,
    "events" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "webhook_endpoints_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_deliveries" (
    "id" BIGSERIAL NOT NULL,
    "endpoint_id" BIGINT NOT NULL,
    "event" VARCHAR(64) NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "webhook_delivery_status" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_status_code" INTEGER,
    "last_error" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "delivered_at" TIMESTAMPTZ(3),

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ledger_entries" (
    "id" BIGSERIAL NOT NULL,
    "org_id" BIGINT NOT NULL,
    "kind" "ledger_kind" NOT NULL,
    "amount" BIGINT NOT NULL,
    "balance_after" BIGINT NOT NULL,
    "campaign_id" BIGINT,
    "message_id" BIGINT,
    "external_ref" VARCHAR(128),
    "note" VARCHAR(500),
    "created_by" BIGINT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ledger_entries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "orgs_extension_code_key" ON "orgs"("extension_code");

-- CreateIndex
CREATE INDEX "orgs_parent_id_idx" ON "orgs"("parent_id");

-- CreateIndex
CREATE INDEX "orgs_path_idx" ON "orgs" USING GIN ("path");

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE INDEX "users_org_id_idx" ON "users"("org_id");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_prefix_key" ON "api_keys"("prefix");

-- CreateIndex
CREATE INDEX "api_keys_org_id_idx" ON "api_keys"("org_id");

-- CreateIndex
CREATE UNIQUE INDEX "business_types_code_key" ON "business_types"("code");

-- CreateIndex
CREATE INDEX "org_prices_business_type_id_idx" ON "org_prices"("business_type_id");

-- CreateIndex
CREATE UNIQUE INDEX "signatures_org_id_text_key" ON "signatures"("org_id", "text");

-- CreateIndex
CREATE UNIQUE INDEX "channels_name_key" ON "channels"("name");

-- CreateIndex
CREATE INDEX "routes_carrier_code_priority_idx" ON "routes"("carrier_code", "priority");

-- CreateIndex
CREATE INDEX "route_channels_channel_id_idx" ON "route_channels"("channel_id");

-- CreateIndex
CREATE INDEX "blacklist_org_id_idx" ON "blacklist"("org_id");

-- CreateIndex
CREATE UNIQUE INDEX "blacklist_number_org_id_key" ON "blacklist"("number", "org_id");

-- CreateIndex
CREATE INDEX "campaigns_org_id_created_at_idx" ON "campaigns"("org_id", "created_at");

-- CreateIndex
CREATE INDEX "campaigns_status_send_at_idx" ON "campaigns"("status", "send_at");

-- CreateIndex
CREATE UNIQUE INDEX "campaigns_org_id_client_ref_key" ON "campaigns"("org_id", "client_ref");

-- CreateIndex
CREATE INDEX "messages_org_id_created_at_idx" ON "messages"("org_id", "created_at");

-- CreateIndex
CREATE INDEX "messages_campaign_id_status_idx" ON "messages"("campaign_id", "status");

-- CreateIndex
CREATE INDEX "messages_recipient_created_at_idx" ON "messages"("recipient", "created_at");

-- CreateIndex
CREATE INDEX "messages_status_send_at_idx" ON "messages"("status", "send_at");

-- CreateIndex
CREATE INDEX "segments_channel_id_carrier_message_id_idx" ON "segments"("channel_id", "carrier_message_id");

-- CreateIndex
CREATE INDEX "status_reports_channel_id_carrier_message_id_idx" ON "status_reports"("channel_id", "carrier_message_id");

-- CreateIndex
CREATE INDEX "status_reports_unmatched_idx" ON "status_reports"("received_at") WHERE (matched_at IS NULL);

-- CreateIndex
CREATE INDEX "status_reports_message_id_idx" ON "status_reports"("message_id");

-- CreateIndex
CREATE INDEX "mo_messages_org_id_received_at_idx" ON "mo_messages"("org_id", "received_at");

-- CreateIndex
CREATE INDEX "mo_messages_from_number_received_at_idx" ON "mo_messages"("from_number", "received_at");

-- CreateIndex
CREATE INDEX "mo_messages_unhandled_idx" ON "mo_messages"("received_at") WHERE (handled_at IS NULL);

-- CreateIndex
CREATE INDEX "webhook_endpoints_org_id_idx" ON "webhook_endpoints"("org_id");

-- CreateIndex
CREATE INDEX "webhook_deliveries_status_next_attempt_at_idx" ON "webhook_deliveries"("status", "next_attempt_at");

-- CreateIndex
CREATE INDEX "webhook_deliveries_endpoint_id_created_at_idx" ON "webhook_deliveries"("endpoint_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "ledger_entries_external_ref_key" ON "ledger_entries"("external_ref");

-- CreateIndex
CREATE INDEX "ledger_entries_org_id_created_at_idx" ON "ledger_entries"("org_id", "created_at");

-- CreateIndex
CREATE INDEX "ledger_entries_campaign_id_idx" ON "ledger_entries"("campaign_id");

-- AddForeignKey
ALTER TABLE "orgs" ADD CONSTRAINT "orgs_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "orgs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "users" ADD CONSTRAINT "users_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "orgs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "orgs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "org_prices" ADD CONSTRAINT "org_prices_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "orgs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "org_prices" ADD CONSTRAINT "org_prices_business_type_id_fkey" FOREIGN KEY ("business_type_id") REFERENCES "business_types"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "signatures" ADD CONSTRAINT "signatures_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "orgs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "routes" ADD CONSTRAINT "routes_carrier_code_fkey" FOREIGN KEY ("carrier_code") REFERENCES "carriers"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "routes" ADD CONSTRAINT "routes_business_type_id_fkey" FOREIGN KEY ("business_type_id") REFERENCES "business_types"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "routes" ADD CONSTRAINT "routes_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "orgs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "route_channels" ADD CONSTRAINT "route_channels_route_id_fkey" FOREIGN KEY ("route_id") REFERENCES "routes"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "route_channels" ADD CONSTRAINT "route_channels_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "channels"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "number_portability" ADD CONSTRAINT "number_portability_carrier_code_fkey" FOREIGN KEY ("carrier_code") REFERENCES "carriers"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "blacklist" ADD CONSTRAINT "blacklist_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "orgs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "orgs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_business_type_id_fkey" FOREIGN KEY ("business_type_id") REFERENCES "business_types"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "orgs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_business_type_id_fkey" FOREIGN KEY ("business_type_id") REFERENCES "business_types"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_carrier_code_fkey" FOREIGN KEY ("carrier_code") REFERENCES "carriers"("code") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "messages" ADD CONSTRAINT "messages_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "channels"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "segments" ADD CONSTRAINT "segments_message_id_fkey" FOREIGN KEY ("message_id") REFERENCES "messages"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "segments" ADD CONSTRAINT "segments_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "channels"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "status_reports" ADD CONSTRAINT "status_reports_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "channels"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mo_messages" ADD CONSTRAINT "mo_messages_channel_id_fkey" FOREIGN KEY ("channel_id") REFERENCES "channels"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "mo_messages" ADD CONSTRAINT "mo_messages_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "orgs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "orgs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_endpoint_id_fkey" FOREIGN KEY ("endpoint_id") REFERENCES "webhook_endpoints"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "orgs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- ─────────────────────────────────────────────────────────────────────────────────────────────
-- Written by hand: what schema.prisma cannot express. Each object is listed in
-- packages/db/test/drift/sql-only-additions.ts, the only differences the drift test accepts.
-- ─────────────────────────────────────────────────────────────────────────────────────────────

-- Prepaid orgs never owe: a charge that would take the balance below zero fails in the very
-- statement that makes it, whichever process or code path that is.
ALTER TABLE "orgs" ADD CONSTRAINT "orgs_prepaid_balance_check" CHECK ("billing_mode" <> 'prepaid' OR "balance" >= 0);

-- orgs.path holds the ids from the root down to the org itself, so "this org and everything
-- below it" is `path @> ARRAY[id]` on the GIN index. The database keeps it true: set on insert,
-- recomputed when parent_id changes (with the whole subtree following), and refused when written
-- directly. Org inserts and moves take one transaction-level advisory lock so a child created
-- while its ancestor moves cannot keep the old path.
CREATE FUNCTION "orgs_maintain_path"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  parent_path BIGINT[];
BEGIN
  IF TG_OP = 'UPDATE' AND NEW."parent_id" IS NOT DISTINCT FROM OLD."parent_id" THEN
    -- Only path was written: the subtree move below does that (one trigger level down); nobody else may.
    IF NEW."path" IS DISTINCT FROM OLD."path" AND pg_trigger_depth() < 2 THEN
      RAISE EXCEPTION 'org %: orgs.path is maintained by the database; change parent_id instead', NEW."id"
        USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
  END IF;

  PERFORM pg_advisory_xact_lock(7370687301);

  IF NEW."parent_id" IS NULL THEN
    NEW."path" := ARRAY[NEW."id"];
    RETURN NEW;
  END IF;

  SELECT "path" INTO parent_path FROM "orgs" WHERE "id" = NEW."parent_id" FOR SHARE;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'org %: parent org % does not exist', NEW."id", NEW."parent_id"
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  IF NEW."id" = ANY (parent_path) THEN
    RAISE EXCEPTION 'org %: parent org % is the org itself or below it', NEW."id", NEW."parent_id"
      USING ERRCODE = 'check_violation';
  END IF;
  NEW."path" := parent_path || NEW."id";
  RETURN NEW;
END;
$$;

CREATE TRIGGER "orgs_maintain_path" BEFORE INSERT OR UPDATE OF "parent_id", "path" ON "orgs"
  FOR EACH ROW EXECUTE FUNCTION "orgs_maintain_path"();

CREATE FUNCTION "orgs_move_subtree"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "orgs" SET "path" = NEW."path" || "path"[cardinality(OLD."path") + 1:]
   WHERE "path" @> ARRAY[NEW."id"] AND "id" <> NEW."id";
  RETURN NULL;
END;
$$;

CREATE TRIGGER "orgs_move_subtree" AFTER UPDATE OF "parent_id" ON "orgs"
  FOR EACH ROW WHEN (OLD."path" IS DISTINCT FROM NEW."path") EXECUTE FUNCTION "orgs_move_subtree"();
