-- The console's foundation (issue 11, docs/decisions/0180-console-operations-layer.md): orgs that
-- sign up and wait for approval, the new roles, console sessions, the audit log, sign-up identities
-- and the barred list, business-type entitlements, org directories (LDAP) and per-key rate limits.
-- New enum values are not used in this transaction (PostgreSQL refuses that), only added.
-- CreateEnum
CREATE TYPE "barred_kind" AS ENUM ('person', 'company');

-- AlterEnum
ALTER TYPE "org_status" ADD VALUE 'pending';
ALTER TYPE "org_status" ADD VALUE 'refused';

-- AlterEnum
ALTER TYPE "user_role" ADD VALUE 'reviewer';
ALTER TYPE "user_role" ADD VALUE 'finance';
ALTER TYPE "user_role" ADD VALUE 'developer';

-- AlterTable
ALTER TABLE "users" ADD COLUMN     "bound_ips" INET[] DEFAULT ARRAY[]::INET[],
ADD COLUMN     "bound_phones" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "directory_uid" VARCHAR(200),
ADD COLUMN     "failed_logins" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "locked_until" TIMESTAMPTZ(3),
ADD COLUMN     "password_changed_at" TIMESTAMPTZ(3),
ADD COLUMN     "phone" VARCHAR(20);

-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "rate_limit" INTEGER;

-- CreateTable
CREATE TABLE "user_sessions" (
    "id" VARCHAR(64) NOT NULL,
    "user_id" BIGINT NOT NULL,
    "method" VARCHAR(20) NOT NULL,
    "address" INET,
    "user_agent" VARCHAR(400),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_seen_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "user_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "org_id" BIGINT NOT NULL,
    "actor_org_id" BIGINT NOT NULL,
    "user_id" BIGINT,
    "api_key_id" BIGINT,
    "action" VARCHAR(60) NOT NULL,
    "target_type" VARCHAR(40) NOT NULL,
    "target_id" VARCHAR(60) NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',
    "address" INET,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "org_identities" (
    "org_id" BIGINT NOT NULL,
    "company_name" VARCHAR(200) NOT NULL,
    "credit_code" CHAR(18) NOT NULL,
    "contact_name" VARCHAR(100) NOT NULL,
    "contact_id_number" CHAR(18) NOT NULL,
    "contact_phone" VARCHAR(20) NOT NULL,
    "contact_email" VARCHAR(254),
    "licence_path" VARCHAR(300) NOT NULL,
    "licence_type" VARCHAR(60) NOT NULL,
    "licence_bytes" INTEGER NOT NULL,
    "licence_sha256" CHAR(64) NOT NULL,
    "barred_hit" VARCHAR(300),
    "submitted_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "reviewed_at" TIMESTAMPTZ(3),
    "reviewed_by" BIGINT,
    "refusal_reason" VARCHAR(500),

    CONSTRAINT "org_identities_pkey" PRIMARY KEY ("org_id")
);

-- CreateTable
CREATE TABLE "barred_parties" (
    "id" BIGSERIAL NOT NULL,
    "kind" "barred_kind" NOT NULL,
    "identifier" VARCHAR(18) NOT NULL,
    "name" VARCHAR(200) NOT NULL,
    "reason" VARCHAR(300) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "barred_parties_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "org_business_types" (
    "org_id" BIGINT NOT NULL,
    "business_type_id" BIGINT NOT NULL,

    CONSTRAINT "org_business_types_pkey" PRIMARY KEY ("org_id","business_type_id")
);

-- CreateTable
CREATE TABLE "user_business_types" (
    "user_id" BIGINT NOT NULL,
    "business_type_id" BIGINT NOT NULL,

    CONSTRAINT "user_business_types_pkey" PRIMARY KEY ("user_id","business_type_id")
);

-- CreateTable
CREATE TABLE "org_directories" (
    "org_id" BIGINT NOT NULL,
    "url" VARCHAR(300) NOT NULL,
    "base_dn" VARCHAR(300) NOT NULL,
    "user_filter" VARCHAR(300) NOT NULL DEFAULT '(uid={uid})',
    "bind_dn" VARCHAR(300),
    "bind_password" VARCHAR(300),
    "default_role" "user_role" NOT NULL DEFAULT 'viewer',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "org_directories_pkey" PRIMARY KEY ("org_id")
);

-- CreateIndex
CREATE INDEX "user_sessions_user_id_idx" ON "user_sessions"("user_id");

-- CreateIndex
CREATE INDEX "audit_log_org_id_created_at_idx" ON "audit_log"("org_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "org_identities_credit_code_key" ON "org_identities"("credit_code");

-- CreateIndex
CREATE UNIQUE INDEX "barred_parties_kind_identifier_key" ON "barred_parties"("kind", "identifier");

-- CreateIndex
CREATE UNIQUE INDEX "users_phone_key" ON "users"("phone");

-- CreateIndex
CREATE UNIQUE INDEX "users_org_id_directory_uid_key" ON "users"("org_id", "directory_uid");

-- AddForeignKey
ALTER TABLE "user_sessions" ADD CONSTRAINT "user_sessions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_log" ADD CONSTRAINT "audit_log_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "orgs"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "org_identities" ADD CONSTRAINT "org_identities_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "orgs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "org_business_types" ADD CONSTRAINT "org_business_types_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "orgs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "org_business_types" ADD CONSTRAINT "org_business_types_business_type_id_fkey" FOREIGN KEY ("business_type_id") REFERENCES "business_types"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_business_types" ADD CONSTRAINT "user_business_types_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_business_types" ADD CONSTRAINT "user_business_types_business_type_id_fkey" FOREIGN KEY ("business_type_id") REFERENCES "business_types"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "org_directories" ADD CONSTRAINT "org_directories_org_id_fkey" FOREIGN KEY ("org_id") REFERENCES "orgs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
