-- Campaigns never left 'sending' before this: those whose messages are all final are complete
-- (completed_at: when their last message became final), and those whose messages all wait for a
-- future send_at are scheduled. From now on the store moves them (docs/architecture.md).
UPDATE "campaigns" c
   SET "status" = 'completed',
       "completed_at" = COALESCE((SELECT max(m."final_at") FROM "messages" m WHERE m."campaign_id" = c."id"), c."created_at")
 WHERE c."status" = 'sending'
   AND NOT EXISTS (SELECT 1 FROM "messages" m
                    WHERE m."campaign_id" = c."id" AND m."status" IN ('accepted', 'queued', 'submitting', 'submitted'));

UPDATE "campaigns" c
   SET "status" = 'scheduled'
 WHERE c."status" = 'sending'
   AND NOT EXISTS (SELECT 1 FROM "messages" m
                    WHERE m."campaign_id" = c."id" AND (m."status" <> 'accepted' OR m."send_at" <= now()));
