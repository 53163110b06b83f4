-- AlterTable
ALTER TABLE "orgs" ADD COLUMN     "reserved" BIGINT NOT NULL DEFAULT 0;

-- Delivered-basis messages hold their price at intake and are charged when delivered
-- (docs/decisions/0120-charge-on-delivery-holds.md). Until now they were charged at acceptance
-- like the others and never refunded; those still in flight get their charge back as a refund
-- row and hold it instead, so they are charged (or released) when they become final. Messages
-- already final stay as they were booked.
WITH "held" AS (
  SELECT m."org_id", m."campaign_id", sum(m."price") AS "amount", count(*) AS "n"
    FROM "messages" m
    JOIN "business_types" bt ON bt."id" = m."business_type_id" AND bt."charge_basis" = 'delivered'
   WHERE m."status" IN ('accepted', 'queued', 'submitting', 'submitted') AND m."price" > 0 AND m."twin_of" IS NULL
   GROUP BY m."org_id", m."campaign_id"
), "per_org" AS (
  SELECT "org_id", sum("amount") AS "amount" FROM "held" GROUP BY "org_id"
), "credited" AS (
  UPDATE "orgs" o SET "balance" = o."balance" + p."amount", "reserved" = o."reserved" + p."amount"
    FROM "per_org" p WHERE o."id" = p."org_id"
    RETURNING o."id", o."balance"
)
INSERT INTO "ledger_entries" ("org_id", "kind", "amount", "balance_after", "campaign_id", "note")
SELECT h."org_id", 'refund', h."amount",
       c."balance" - coalesce(sum(h."amount") OVER (PARTITION BY h."org_id" ORDER BY h."campaign_id" NULLS LAST
                                                  ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING), 0),
       h."campaign_id",
       h."n" || ' message(s) charged on delivery: the charge taken at acceptance becomes a hold'
  FROM "held" h JOIN "credited" c ON c."id" = h."org_id";

-- A hold is never negative, and a prepaid org never holds more than it has.
ALTER TABLE "orgs" ADD CONSTRAINT "orgs_reserved_check" CHECK ("reserved" >= 0 AND ("billing_mode" <> 'prepaid' OR "balance" >= "reserved"));
