-- Fewer index writes on the hot path (issue 10, docs/decisions/0173-fewer-index-writes.md). Every
-- status change of a message is a non-HOT update (status is in index predicates), so each one adds
-- an entry to every index whose predicate the new row satisfies: narrow predicates are what keep
-- the later states out of the sweep indexes.

-- The due and stranded sweeps only ever look for 'accepted' messages by send time; the old
-- (status, send_at) index took an entry on every state change of every message.
DROP INDEX "messages_status_send_at_idx";

-- CreateIndex
CREATE INDEX "messages_due_idx" ON "messages"("send_at", "id") WHERE (status = 'accepted');

-- The expiry sweep leaves 'submitting' to the channel's worker: the claim no longer adds an entry.
DROP INDEX "messages_expiring_idx";

-- CreateIndex
CREATE INDEX "messages_expiring_idx" ON "messages"("expires_at") WHERE (status IN ('accepted', 'queued', 'submitted'));

-- Nothing reads reports by message: a message's reports are found through its segments'
-- (channel_id, carrier_message_id), which the other index serves.
DROP INDEX "status_reports_message_id_idx";

-- A segment's report updates only columns no index has: with room on its page the update is HOT
-- (no index entries). A report flush updates a page's segments together, before any old version
-- can be pruned, so half of each page is kept for them. New pages only; existing ones as they are.
ALTER TABLE "segments" SET (fillfactor = 50);
