import { billingMonth, formatLi } from '@smshub/core';
import { bookLedgerEntry, inTransaction } from '@smshub/db';
import type pg from 'pg';

/** Plans booked per sweep run at most; the next run takes the rest. */
export const MONTHLY_FEE_BATCH = 500;

export interface MonthlyFeeRun {
  /** Fees booked by this run. */
  readonly booked: number;
  /** Fees another run (another dispatcher) had booked meanwhile: only billing_usage was set. */
  readonly alreadyBooked: number;
  /** Orgs that could not pay their fee (prepaid without the balance, postpaid past its credit): tried again next run. */
  readonly unpaid: number;
}

/**
 * 包月一次扣费: the fee of every monthly_package plan, once per (org, business type, month in
 * Asia/Shanghai), booked as a `monthly_fee` ledger row through `bookLedgerEntry` with the external
 * ref `monthly_fee:<org>:<business type>:<YYYY-MM>`, and billing_usage.fee_charged set for the
 * month in the same transaction. Until it is set, intake charges the plan's segments per segment
 * (no included segments): an org that cannot pay the fee gets no package that month until it can,
 * and this sweep tries again every run. The org's row is locked before the ref is looked up, so a
 * second dispatcher booking the same fee at the same time waits, then finds it booked.
 */
export async function chargeMonthlyFees(pool: pg.Pool, now: Date = new Date()): Promise<MonthlyFeeRun> {
  const month = billingMonth(now);
  const due = await pool.query<{ org_id: bigint; business_type_id: bigint; monthly_fee: bigint; code: string }>(
    `SELECT p.org_id, p.business_type_id, p.monthly_fee, bt.code
       FROM billing_plans p
       JOIN orgs o ON o.id = p.org_id AND o.status NOT IN ('closed', 'refused', 'pending')
       JOIN business_types bt ON bt.id = p.business_type_id
       LEFT JOIN billing_usage u ON u.org_id = p.org_id AND u.business_type_id = p.business_type_id AND u.month = $1::date
      WHERE p.mode = 'monthly_package' AND p.monthly_fee > 0 AND coalesce(u.fee_charged, 0) = 0
      ORDER BY p.org_id, p.business_type_id
      LIMIT $2`,
    [month, MONTHLY_FEE_BATCH],
  );
  let booked = 0;
  let alreadyBooked = 0;
  let unpaid = 0;
  for (const plan of due.rows) {
    const externalRef = `monthly_fee:${plan.org_id}:${plan.business_type_id}:${month.slice(0, 7)}`;
    const outcome = await inTransaction(pool, async (client) => {
      await client.query('SELECT id FROM orgs WHERE id = $1 FOR NO KEY UPDATE', [plan.org_id]);
      const result = await bookLedgerEntry(client, {
        orgId: plan.org_id,
        kind: 'monthly_fee',
        amount: -plan.monthly_fee,
        externalRef,
        businessTypeId: plan.business_type_id,
        note: `monthly package ${plan.code} ${month.slice(0, 7)}: ${formatLi(plan.monthly_fee)} yuan`,
      });
      if (result.kind !== 'booked' && result.kind !== 'duplicate') return result.kind;
      // What the ledger row took (a duplicate's too: the plan's fee may have changed since).
      await client.query(
        `INSERT INTO billing_usage AS b (org_id, business_type_id, month, fee_charged)
         SELECT $1, $2, $3::date, -amount FROM ledger_entries WHERE external_ref = $4
         ON CONFLICT (org_id, business_type_id, month) DO UPDATE SET fee_charged = excluded.fee_charged`,
        [plan.org_id, plan.business_type_id, month, externalRef],
      );
      return result.kind;
    });
    if (outcome === 'booked') booked++;
    else if (outcome === 'duplicate') alreadyBooked++;
    else if (outcome === 'insufficient') unpaid++;
  }
  return { booked, alreadyBooked, unpaid };
}
