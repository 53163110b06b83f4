import { inTransaction, type Queryable } from '@smshub/db';
import type pg from 'pg';
import type { SweepContext } from './sweeps.js';

/**
 * Freeze and close (the emergency seed's contract, decision 0186): a prepaid org with nothing
 * to spend — balance less holds at zero or below and no message pack segments left — is marked
 * empty since then; empty for longer than `billing.freeze_after_days` (platform_settings, default
 * 30) it is frozen and cannot send; frozen for longer than `billing.close_after_days` (default 90)
 * it is closed. Nothing is deleted: closing is a status, and the retention policy alone removes
 * data. The platform org, postpaid orgs and orgs not active (pending, refused, suspended — an
 * operator's decision stands) are never frozen. A recharge or transfer thaws a frozen org at
 * once, in the statement that books it (`bookLedgerEntry`); this sweep never thaws.
 */

export const FREEZE_SETTING_KEYS = {
  freezeAfterDays: 'billing.freeze_after_days',
  closeAfterDays: 'billing.close_after_days',
} as const;

export interface FreezeSettings {
  readonly freezeAfterDays: number;
  readonly closeAfterDays: number;
}

export const DEFAULT_FREEZE_SETTINGS: FreezeSettings = { freezeAfterDays: 30, closeAfterDays: 90 };

const DAY_MS = 86_400_000;

/** One org as the sweep sees it. */
export interface FreezeCandidate {
  readonly id: bigint;
  readonly status: 'active' | 'frozen';
  /** balance − reserved, li. */
  readonly spendable: bigint;
  /** Segments left in unexpired packs. */
  readonly packSegments: number;
  readonly emptySince: Date | null;
  readonly frozenAt: Date | null;
}

export type FreezeStep = 'mark_empty' | 'clear_empty' | 'freeze' | 'close' | null;

/** What the sweep does to one org now; pure, so the rule is tested without a database. */
export function decideFreeze(org: FreezeCandidate, settings: FreezeSettings, now: Date): FreezeStep {
  const empty = org.spendable <= 0n && org.packSegments <= 0;
  if (org.status === 'frozen') {
    if (org.frozenAt !== null && now.getTime() - org.frozenAt.getTime() >= settings.closeAfterDays * DAY_MS) {
      return 'close';
    }
    return null;
  }
  if (!empty) return org.emptySince === null ? null : 'clear_empty';
  if (org.emptySince === null) return 'mark_empty';
  return now.getTime() - org.emptySince.getTime() >= settings.freezeAfterDays * DAY_MS ? 'freeze' : null;
}

/** A setting's days: a JSON number (or numeric string) of at least 1; anything else is the default. */
function days(value: unknown, fallback: number): number {
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : NaN;
  return Number.isFinite(n) && n >= 1 ? n : fallback;
}

export async function loadFreezeSettings(db: Queryable): Promise<FreezeSettings> {
  const result = await db.query<{ key: string; value: unknown }>(
    'SELECT key, value FROM platform_settings WHERE key = ANY($1::text[])',
    [Object.values(FREEZE_SETTING_KEYS)],
  );
  const byKey = new Map(result.rows.map((row) => [row.key, row.value]));
  return {
    freezeAfterDays: days(byKey.get(FREEZE_SETTING_KEYS.freezeAfterDays), DEFAULT_FREEZE_SETTINGS.freezeAfterDays),
    closeAfterDays: days(byKey.get(FREEZE_SETTING_KEYS.closeAfterDays), DEFAULT_FREEZE_SETTINGS.closeAfterDays),
  };
}

export interface FreezeSweepResult {
  readonly markedEmpty: readonly bigint[];
  readonly cleared: readonly bigint[];
  readonly frozen: readonly bigint[];
  readonly closed: readonly bigint[];
}

/** The condition "nothing to spend" in SQL, on an `orgs` alias `o` at time `$1`. */
const EMPTY_SQL = `o.balance - o.reserved <= 0
  AND NOT EXISTS (SELECT 1 FROM message_packs p
                   WHERE p.org_id = o.id AND p.segments_left > 0 AND (p.expires_at IS NULL OR p.expires_at > $1))`;

/**
 * One pass: reads the candidates (prepaid, not the platform, active or frozen, and either empty
 * or marked so), decides each with `decideFreeze`, then applies each kind of step as one
 * statement whose WHERE re-checks the condition on the row as it is then — a recharge that
 * commits meanwhile wins — and writes an audit row (org.freeze, org.close) per org frozen or closed,
 * in one transaction.
 */
export async function runFreezeSweep(pool: pg.Pool, now: Date): Promise<FreezeSweepResult> {
  const settings = await loadFreezeSettings(pool);
  const candidates = await pool.query<{
    id: bigint;
    status: 'active' | 'frozen';
    spendable: bigint;
    pack_segments: number;
    empty_since: Date | null;
    frozen_at: Date | null;
  }>(
    `SELECT o.id, o.status, o.balance - o.reserved AS spendable, o.empty_since, o.frozen_at,
            coalesce((SELECT sum(p.segments_left) FROM message_packs p
                       WHERE p.org_id = o.id AND p.segments_left > 0 AND (p.expires_at IS NULL OR p.expires_at > $1)), 0)::int
              AS pack_segments
       FROM orgs o
      WHERE o.kind <> 'platform' AND o.billing_mode = 'prepaid' AND o.status IN ('active', 'frozen')
        AND (o.status = 'frozen' OR o.empty_since IS NOT NULL OR o.balance - o.reserved <= 0)
      ORDER BY o.id`,
    [now],
  );
  const steps = new Map<Exclude<FreezeStep, null>, bigint[]>();
  for (const row of candidates.rows) {
    const step = decideFreeze(
      {
        id: row.id,
        status: row.status,
        spendable: row.spendable,
        packSegments: row.pack_segments,
        emptySince: row.empty_since,
        frozenAt: row.frozen_at,
      },
      settings,
      now,
    );
    if (step === null) continue;
    const ids = steps.get(step) ?? [];
    ids.push(row.id);
    steps.set(step, ids);
  }
  if (steps.size === 0) return { markedEmpty: [], cleared: [], frozen: [], closed: [] };

  const freezeBefore = new Date(now.getTime() - settings.freezeAfterDays * DAY_MS);
  const closeBefore = new Date(now.getTime() - settings.closeAfterDays * DAY_MS);
  return inTransaction(pool, async (tx) => {
    const ids = (step: Exclude<FreezeStep, null>) => (steps.get(step) ?? []).map(String);
    const applied = async (sql: string, params: unknown[]) =>
      (await tx.query<{ id: bigint }>(sql, params)).rows.map((row) => row.id);
    const markedEmpty = await applied(
      `UPDATE orgs o SET empty_since = $1 WHERE o.id = ANY($2::bigint[]) AND o.status = 'active'
          AND o.empty_since IS NULL AND ${EMPTY_SQL} RETURNING o.id`,
      [now, ids('mark_empty')],
    );
    const cleared = await applied(
      `UPDATE orgs o SET empty_since = NULL WHERE o.id = ANY($2::bigint[]) AND o.status = 'active'
          AND o.empty_since IS NOT NULL AND NOT (${EMPTY_SQL}) RETURNING o.id`,
      [now, ids('clear_empty')],
    );
    const frozen = await applied(
      `UPDATE orgs o SET status = 'frozen', frozen_at = $1, updated_at = now()
        WHERE o.id = ANY($2::bigint[]) AND o.status = 'active' AND o.kind <> 'platform' AND o.billing_mode = 'prepaid'
          AND o.empty_since <= $3 AND ${EMPTY_SQL} RETURNING o.id`,
      [now, ids('freeze'), freezeBefore],
    );
    const closed = await applied(
      `UPDATE orgs o SET status = 'closed', closed_at = $1, updated_at = now()
        WHERE o.id = ANY($2::bigint[]) AND o.status = 'frozen' AND o.frozen_at <= $3 RETURNING o.id`,
      [now, ids('close'), closeBefore],
    );
    await audit(tx, frozen, 'org.freeze', { after_days: settings.freezeAfterDays });
    await audit(tx, closed, 'org.close', { after_days: settings.closeAfterDays, by: 'freeze sweep' });
    return { markedEmpty, cleared, frozen, closed };
  });
}

/** The platform org acts (no user, no key): the audit log says who did what to an org, and when. */
async function audit(tx: Queryable, orgIds: readonly bigint[], action: string, details: object): Promise<void> {
  if (orgIds.length === 0) return;
  await tx.query(
    `INSERT INTO audit_log (org_id, actor_org_id, action, target_type, target_id, details)
     SELECT o.id, (SELECT id FROM orgs WHERE kind = 'platform' AND parent_id IS NULL ORDER BY id LIMIT 1),
            $2, 'org', o.id::text, $3::jsonb
       FROM unnest($1::bigint[]) AS o(id)`,
    [orgIds.map(String), action, JSON.stringify(details)],
  );
}

/** The sweep's entry (sweeps.ts): one pass at the context's clock; the count of orgs changed. */
export async function freezeSweep(context: SweepContext, log = context.log): Promise<number> {
  const result = await runFreezeSweep(context.pool, context.now?.() ?? new Date());
  for (const id of result.frozen) log.warn({ org: String(id) }, 'freeze: org frozen (nothing to spend for too long)');
  for (const id of result.closed) log.warn({ org: String(id) }, 'freeze: org closed (frozen for too long)');
  return result.markedEmpty.length + result.cleared.length + result.frozen.length + result.closed.length;
}
