import type { LedgerKind } from '../generated/prisma/enums.js';
import type { Queryable } from './queryable.js';

/**
 * Money moved outside intake and finalization — recharges, transfers, adjustments, pack
 * purchases, monthly fees — booked the one way: the org's row locked, its balance changed, a
 * ledger row with the balance after it written, all inside the caller's transaction. Whoever calls
 * these holds a transaction (`inTransaction`): the booking and whatever caused it commit together
 * or not at all.
 */

export interface LedgerBooking {
  readonly orgId: bigint;
  readonly kind: LedgerKind;
  /** li, signed: positive adds to the balance, negative takes from it. */
  readonly amount: bigint;
  readonly note?: string | null;
  /** A provider's or a job's id for this booking: booked at most once (ledger_entries.external_ref). */
  readonly externalRef?: string | null;
  readonly receiptNumber?: string | null;
  readonly counterpartyOrgId?: bigint | null;
  readonly businessTypeId?: bigint | null;
  readonly campaignId?: bigint | null;
  readonly createdById?: bigint | null;
}

export type LedgerBookingResult =
  | { readonly kind: 'booked'; readonly entryId: bigint; readonly balanceAfter: bigint; readonly thawed: boolean }
  /** The externalRef was booked before: nothing changed. */
  | { readonly kind: 'duplicate'; readonly entryId: bigint }
  /** A prepaid org cannot go below zero, a postpaid one below its credit line: nothing changed. */
  | { readonly kind: 'insufficient'; readonly spendable: bigint }
  | { readonly kind: 'no_org' };

/**
 * Books one ledger row. A booking that leaves a frozen org with something to spend thaws it at
 * once (status active, frozen_at and empty_since cleared); any booking that leaves a positive
 * balance clears empty_since. Debits are refused when they would take an org below what it may
 * owe (prepaid: zero, postpaid: its credit line), counting holds (orgs.reserved).
 */
export async function bookLedgerEntry(tx: Queryable, booking: LedgerBooking): Promise<LedgerBookingResult> {
  if (booking.externalRef != null) {
    const seen = await tx.query<{ id: bigint }>('SELECT id FROM ledger_entries WHERE external_ref = $1', [
      booking.externalRef,
    ]);
    const row = seen.rows[0];
    if (row !== undefined) return { kind: 'duplicate', entryId: row.id };
  }
  const locked = await tx.query<{
    billing_mode: 'prepaid' | 'postpaid';
    balance: bigint;
    reserved: bigint;
    credit_limit: bigint;
    status: string;
  }>('SELECT billing_mode, balance, reserved, credit_limit, status FROM orgs WHERE id = $1 FOR NO KEY UPDATE', [
    booking.orgId,
  ]);
  const org = locked.rows[0];
  if (org === undefined) return { kind: 'no_org' };
  const floor = org.billing_mode === 'postpaid' ? -org.credit_limit : 0n;
  const spendable = org.balance - org.reserved - floor;
  if (booking.amount < 0n && spendable + booking.amount < 0n) return { kind: 'insufficient', spendable };

  const balanceAfter = org.balance + booking.amount;
  const thawed = org.status === 'frozen' && balanceAfter - org.reserved - floor > 0n;
  await tx.query(
    `UPDATE orgs SET balance = $2::bigint,
            status = CASE WHEN $3::boolean THEN 'active'::org_status ELSE status END,
            frozen_at = CASE WHEN $3::boolean THEN NULL ELSE frozen_at END,
            empty_since = CASE WHEN $2::bigint > 0 THEN NULL ELSE empty_since END,
            updated_at = now()
      WHERE id = $1`,
    [booking.orgId, balanceAfter, thawed],
  );
  // A concurrent booking of the same externalRef waited on the org's lock above and finds the
  // row here; the unique index is the last word either way.
  const inserted = await tx.query<{ id: bigint }>(
    `INSERT INTO ledger_entries (org_id, kind, amount, balance_after, note, external_ref, receipt_number,
                                 counterparty_org_id, business_type_id, campaign_id, created_by)
     VALUES ($1, $2::ledger_kind, $3, $4, $5, $6, $7, $8, $9, $10, $11)
     RETURNING id`,
    [
      booking.orgId,
      booking.kind,
      booking.amount,
      balanceAfter,
      booking.note ?? null,
      booking.externalRef ?? null,
      booking.receiptNumber ?? null,
      booking.counterpartyOrgId ?? null,
      booking.businessTypeId ?? null,
      booking.campaignId ?? null,
      booking.createdById ?? null,
    ],
  );
  return { kind: 'booked', entryId: (inserted.rows[0] as { id: bigint }).id, balanceAfter, thawed };
}

export type TransferResult =
  | { readonly kind: 'transferred'; readonly fromBalanceAfter: bigint; readonly toBalanceAfter: bigint }
  | { readonly kind: 'insufficient'; readonly spendable: bigint }
  | { readonly kind: 'no_org' };

/**
 * Moves li from one org's balance to another's: two ledger rows (transfer_out, transfer_in), each
 * naming the other org. Both rows are locked in id order first, so two transfers between the
 * same orgs in opposite directions cannot deadlock. Whether the two orgs may transfer (a superior
 * to an org below it) is the caller's rule, not this function's.
 */
export async function transferBalance(
  tx: Queryable,
  transfer: {
    readonly fromOrgId: bigint;
    readonly toOrgId: bigint;
    readonly amount: bigint;
    readonly note?: string | null;
    readonly createdById?: bigint | null;
  },
): Promise<TransferResult> {
  if (transfer.amount <= 0n) throw new Error(`transfer: amount must be positive, got ${transfer.amount}`);
  if (transfer.fromOrgId === transfer.toOrgId) throw new Error('transfer: an org cannot transfer to itself');
  const ids = [transfer.fromOrgId, transfer.toOrgId].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const locked = await tx.query('SELECT id FROM orgs WHERE id = ANY($1::bigint[]) ORDER BY id FOR NO KEY UPDATE', [
    ids,
  ]);
  if (locked.rowCount !== 2) return { kind: 'no_org' };
  const out = await bookLedgerEntry(tx, {
    orgId: transfer.fromOrgId,
    kind: 'transfer_out',
    amount: -transfer.amount,
    note: transfer.note ?? null,
    counterpartyOrgId: transfer.toOrgId,
    createdById: transfer.createdById ?? null,
  });
  if (out.kind === 'insufficient') return out;
  if (out.kind !== 'booked') return { kind: 'no_org' };
  const into = await bookLedgerEntry(tx, {
    orgId: transfer.toOrgId,
    kind: 'transfer_in',
    amount: transfer.amount,
    note: transfer.note ?? null,
    counterpartyOrgId: transfer.fromOrgId,
    createdById: transfer.createdById ?? null,
  });
  if (into.kind !== 'booked') throw new Error(`transfer: crediting org ${transfer.toOrgId} gave ${into.kind}`);
  return { kind: 'transferred', fromBalanceAfter: out.balanceAfter, toBalanceAfter: into.balanceAfter };
}

/**
 * Balance against ledger, per org: the orgs whose balance is not the sum of their ledger rows.
 * The invariant every booking keeps; the nightly reconciliation raises an alarm on any row here.
 */
export async function ledgerMismatches(
  db: Queryable,
): Promise<{ orgId: bigint; balance: bigint; ledgerSum: bigint }[]> {
  const result = await db.query<{ id: bigint; balance: bigint; ledger_sum: bigint }>(
    `SELECT o.id, o.balance, coalesce(l.total, 0)::bigint AS ledger_sum
       FROM orgs o
       LEFT JOIN (SELECT org_id, sum(amount) AS total FROM ledger_entries GROUP BY org_id) l ON l.org_id = o.id
      WHERE o.balance <> coalesce(l.total, 0)
      ORDER BY o.id`,
  );
  return result.rows.map((row) => ({ orgId: row.id, balance: row.balance, ledgerSum: row.ledger_sum }));
}
