import { inTransaction, type BillingMode, type OrgKind, type OrgStatus, type Queryable } from '@smshub/db';
import { ApiError } from '../../v1/api-error.js';
import type { ApiDeps } from '../../v1/deps.js';
import type { AuditRecord } from '../audit.js';
import type { Principal } from '../principal.js';

/**
 * What every money operation starts from: the org it acts on, found only within the principal's
 * subtree (or strictly below it), so "not yours" is the same NOT_FOUND as "does not exist" and is
 * decided by the query. Money is booked through `bookLedgerEntry` / `transferBalance` in a pg
 * transaction; the audit row is written in that same transaction (`auditInTransaction`).
 */

export interface BillingOrg {
  readonly id: bigint;
  readonly name: string;
  readonly kind: OrgKind;
  readonly path: readonly bigint[];
  readonly status: OrgStatus;
  readonly billingMode: BillingMode;
  /** li. */
  readonly balance: bigint;
  readonly reserved: bigint;
  readonly creditLimit: bigint;
  readonly lowBalanceThreshold: bigint | null;
  readonly emptySince: Date | null;
  readonly frozenAt: Date | null;
}

interface BillingOrgRow {
  id: bigint;
  name: string;
  kind: OrgKind;
  path: bigint[];
  status: OrgStatus;
  billing_mode: BillingMode;
  balance: bigint;
  reserved: bigint;
  credit_limit: bigint;
  low_balance_threshold: bigint | null;
  empty_since: Date | null;
  frozen_at: Date | null;
}

/** Within the subtree (the org itself or below), or strictly below it. */
export type Reach = 'visible' | 'below';

/**
 * The org `orgId` (default: the principal's own) if the principal may reach it; NOT_FOUND
 * otherwise. `lock` takes the row's lock inside a transaction.
 */
export async function findBillingOrg(
  db: Queryable,
  principal: Principal,
  orgId: bigint | undefined,
  reach: Reach = 'visible',
  lock = false,
): Promise<BillingOrg> {
  const id = orgId ?? principal.orgId;
  const result = await db.query<BillingOrgRow>(
    `SELECT id, name, kind, path, status, billing_mode, balance, reserved, credit_limit,
            low_balance_threshold, empty_since, frozen_at
       FROM orgs
      WHERE id = $1 AND path @> ARRAY[$2::bigint] ${reach === 'below' ? 'AND id <> $2' : ''}
      ${lock ? 'FOR NO KEY UPDATE' : ''}`,
    [id, principal.orgId],
  );
  const row = result.rows[0];
  if (row === undefined) throw ApiError.notFound('org', String(id));
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    path: row.path,
    status: row.status,
    billingMode: row.billing_mode,
    balance: row.balance,
    reserved: row.reserved,
    creditLimit: row.credit_limit,
    lowBalanceThreshold: row.low_balance_threshold,
    emptySince: row.empty_since,
    frozenAt: row.frozen_at,
  };
}

/** li an org may still spend: balance − holds, down to zero (prepaid) or minus its credit line. */
export function spendableOf(org: Pick<BillingOrg, 'billingMode' | 'balance' | 'reserved' | 'creditLimit'>): bigint {
  const floor = org.billingMode === 'postpaid' ? -org.creditLimit : 0n;
  return org.balance - org.reserved - floor;
}

/** The money operations' transaction: pg, retried on deadlock / serialization failure. */
export function inBillingTransaction<T>(deps: ApiDeps, work: (tx: Queryable) => Promise<T>): Promise<T> {
  return inTransaction(deps.pool, work);
}

/** The audit row of a money change, in the booking's own transaction. */
export async function auditInTransaction(tx: Queryable, principal: Principal, record: AuditRecord): Promise<void> {
  await tx.query(
    `INSERT INTO audit_log (org_id, actor_org_id, user_id, api_key_id, action, target_type, target_id, details, address)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9::inet)`,
    [
      record.orgId,
      principal.orgId,
      principal.actor.kind === 'user' ? principal.actor.userId : null,
      principal.actor.kind === 'api_key' ? principal.actor.keyId : null,
      record.action,
      record.targetType,
      String(record.targetId),
      JSON.stringify(record.details ?? {}, (_, value: unknown) => (typeof value === 'bigint' ? String(value) : value)),
      principal.address,
    ],
  );
}

/** The user who booked, for ledger_entries.created_by (an API key books as nobody). */
export function bookedBy(principal: Principal): bigint | null {
  return principal.actor.kind === 'user' ? principal.actor.userId : null;
}

/** The largest single amount any money operation takes: 100,000,000 yuan. */
export const MAX_AMOUNT_LI = 100_000_000n * 1000n;

/** A positive amount in li, at most MAX_AMOUNT_LI. */
export function checkAmount(field: string, amount: bigint, max = MAX_AMOUNT_LI): bigint {
  if (amount < 1n || amount > max) {
    throw new ApiError('validation_error', `${field}: from 1 li to ${max} li`, { field, max: String(max) });
  }
  return amount;
}

/** A note or reference: trimmed, within `max` characters (required unless `optional`). */
export function checkText(
  field: string,
  value: string | null | undefined,
  max: number,
  optional = false,
): string | null {
  const trimmed = (value ?? '').trim();
  if (trimmed === '') {
    if (optional) return null;
    throw new ApiError('validation_error', `${field}: required`, { field });
  }
  if (trimmed.length > max) throw new ApiError('validation_error', `${field}: at most ${max} characters`, { field });
  return trimmed;
}

/** The refusal of a debit the org cannot pay, with the figures. */
export function insufficientBalance(orgId: bigint, needed: bigint, spendable: bigint): ApiError {
  return new ApiError('insufficient_balance', `org ${orgId} can spend ${spendable} li; this needs ${needed} li`, {
    org_id: String(orgId),
    needed_li: String(needed),
    spendable_li: String(spendable),
  });
}

/**
 * Money may go into an org that can use it: not one closed, still waiting for approval or
 * refused (a frozen or suspended org may be recharged; a recharge is how a frozen one thaws).
 */
export function checkRechargeable(org: Pick<BillingOrg, 'id' | 'status'>): void {
  if (org.status === 'closed' || org.status === 'pending' || org.status === 'refused') {
    throw new ApiError('invalid_status_change', `org ${org.id} is ${org.status}: money cannot be booked into it`, {
      org_id: String(org.id),
      status: org.status,
    });
  }
}
