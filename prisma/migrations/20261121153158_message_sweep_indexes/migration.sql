-- CreateIndex
CREATE INDEX "messages_expiring_idx" ON "messages"("expires_at") WHERE (status IN ('accepted', 'queued', 'submitting', 'submitted'));

-- CreateIndex
CREATE INDEX "messages_in_channel_idx" ON "messages"("channel_id") WHERE (status IN ('queued', 'submitting'));
