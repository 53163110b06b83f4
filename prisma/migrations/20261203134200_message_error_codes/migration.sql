-- messages.error_code is one closed set of codes (packages/db/src/message-errors.ts). Before it,
-- a permanent submit error was stored as "<protocol>:<status>" and a carrier-reported failure as
-- the carrier's own status word (UNDELIV, MA:0001 …). Those become the table's codes, and the
-- carrier's word moves to status_detail, where new failures keep it too.
UPDATE "messages"
   SET "status_detail" = left(concat_ws(' ', "status_detail", '(code ' || "error_code" || ')'), 200),
       "error_code" = CASE "status"
                        WHEN 'rejected' THEN 'REJECTED'
                        WHEN 'expired' THEN 'EXPIRED'
                        WHEN 'undelivered' THEN 'UNDELIVERED'
                        ELSE 'SUBMIT_REJECTED'
                      END
 WHERE "error_code" IS NOT NULL
   AND "error_code" NOT IN ('UNKNOWN_CARRIER', 'NO_ROUTE', 'ENCODING', 'SUBMIT_REJECTED', 'RETRIES_EXHAUSTED',
                            'VALIDITY', 'UNDELIVERED', 'EXPIRED', 'REJECTED');
