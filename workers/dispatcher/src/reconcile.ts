import { ledgerMismatches } from '@smshub/db';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { SweepContext } from './sweeps.js';

/**
 * The nightly reconciliation: every org's balance against the sum of its ledger
 * (`ledgerMismatches`), the invariant every booking keeps. Any difference is an alarm — logged at
 * error level with the org ids and figures, and an audit row (action `ledger.mismatch`, on the
 * org, by the platform org) that the platform's audit log shows — and is never corrected here:
 * someone must find out which booking went wrong. Run once a day (a Redis mark per Beijing date,
 * sweeps.ts), and at start.
 */
export interface LedgerMismatchAlarm {
  readonly orgId: bigint;
  readonly balance: bigint;
  readonly ledgerSum: bigint;
}

export async function runReconciliation(pool: pg.Pool, now: Date, log: Logger): Promise<LedgerMismatchAlarm[]> {
  const mismatches = await ledgerMismatches(pool);
  if (mismatches.length === 0) {
    log.info({ at: now.toISOString() }, 'reconciliation: every balance is the sum of its ledger');
    return [];
  }
  log.error(
    {
      orgs: mismatches.map((m) => ({
        org: String(m.orgId),
        balanceLi: m.balance.toString(),
        ledgerSumLi: m.ledgerSum.toString(),
        differenceLi: (m.balance - m.ledgerSum).toString(),
      })),
    },
    `reconciliation: ${mismatches.length} org(s) whose balance is not the sum of their ledger`,
  );
  await pool.query(
    `INSERT INTO audit_log (org_id, actor_org_id, action, target_type, target_id, details)
     SELECT m.org_id, (SELECT id FROM orgs WHERE kind = 'platform' AND parent_id IS NULL ORDER BY id LIMIT 1),
            'ledger.mismatch', 'org', m.org_id::text,
            jsonb_build_object('balance_li', m.balance::text, 'ledger_sum_li', m.ledger_sum::text,
                               'difference_li', (m.balance - m.ledger_sum)::text, 'checked_at', $4::text)
       FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) AS m(org_id, balance, ledger_sum)`,
    [
      mismatches.map((m) => String(m.orgId)),
      mismatches.map((m) => String(m.balance)),
      mismatches.map((m) => String(m.ledgerSum)),
      now.toISOString(),
    ],
  );
  return mismatches;
}

/** The Beijing date of `now` (YYYY-MM-DD): the day a nightly run belongs to. */
export function beijingDate(now: Date): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/** Beijing hour from which the day's run may start (the night's quiet, after midnight's monthly work). */
export const RECONCILE_FROM_HOUR = 2;

/**
 * The sweep's entry (sweeps.ts), asked every few minutes: runs when today's (Beijing) run has not
 * happened and the night has reached RECONCILE_FROM_HOUR — so once a day, and on the first start
 * of a day after that hour. The day is marked in Redis after the run, so a failed run is retried.
 */
export async function nightlyReconciliation(context: SweepContext): Promise<number> {
  const now = context.now?.() ?? new Date();
  const today = beijingDate(now);
  const markKey = context.keys.sweepMark('reconcile');
  if ((await context.queue.connection.get(markKey)) === today) return 0;
  if (new Date(now.getTime() + 8 * 3_600_000).getUTCHours() < RECONCILE_FROM_HOUR) return 0;
  const alarms = await runReconciliation(context.pool, now, context.log);
  await context.queue.connection.set(markKey, today, 'EX', 3 * 86_400);
  return alarms.length;
}
