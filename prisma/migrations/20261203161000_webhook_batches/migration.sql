-- Batched webhook delivery (docs/decisions/0172-batched-webhooks.md): an endpoint registered with
-- delivery mode "batch" gets up to batch_max_events events per POST; NULL is one event per POST.
-- AlterTable
ALTER TABLE "webhook_endpoints" ADD COLUMN     "batch_max_events" INTEGER;

-- The claim walks the due pending rows in (next_attempt_at, id) order. The old index on
-- (status, next_attempt_at) also held every delivered row and left the id order to a sort of
-- all due rows; this one holds pending rows only, in exactly the claim's order.
-- DropIndex
DROP INDEX "webhook_deliveries_status_next_attempt_at_idx";

-- CreateIndex
CREATE INDEX "webhook_deliveries_due_idx" ON "webhook_deliveries"("next_attempt_at", "id") WHERE (status = 'pending');

-- The API accepts 1–1000 (packages/api schemas.ts); a row written another way is held to it too.
ALTER TABLE "webhook_endpoints" ADD CONSTRAINT "webhook_endpoints_batch_max_events_check" CHECK ("batch_max_events" BETWEEN 1 AND 1000);
