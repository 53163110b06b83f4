import { bookLedgerEntry, transferBalance } from '@smshub/db';
import { ApiError } from '../../v1/api-error.js';
import type { ApiDeps } from '../../v1/deps.js';
import { requirePermission, type Principal } from '../principal.js';
import {
  auditInTransaction,
  bookedBy,
  checkAmount,
  checkRechargeable,
  checkText,
  findBillingOrg,
  inBillingTransaction,
  insufficientBalance,
  MAX_AMOUNT_LI,
} from './billing-org.js';

/**
 * The bookings a person makes: a superior's transfer to an org below it, the platform's manual
 * recharge and adjustment. Each is one transaction: the org locked, the ledger row (through
 * bookLedgerEntry / transferBalance, the one way to book), the audit row.
 */

export interface Booked {
  readonly orgId: bigint;
  readonly entryId: bigint | null;
  /** li, the org's balance after the booking. */
  readonly balanceAfter: bigint;
  /** The booking left a frozen org something to spend and thawed it. */
  readonly thawed: boolean;
  /** The same external reference was booked before: nothing changed this time. */
  readonly duplicate: boolean;
}

export interface TransferInput {
  readonly toOrgId: bigint;
  readonly amountLi: bigint;
  readonly note?: string | null;
}

export interface Transferred {
  readonly fromOrgId: bigint;
  readonly toOrgId: bigint;
  readonly amount: bigint;
  readonly fromBalanceAfter: bigint;
  readonly toBalanceAfter: bigint;
  readonly thawed: boolean;
}

/** 上级为下级充值: from the principal's org's balance to an org strictly below it. */
export async function transferToOrg(deps: ApiDeps, principal: Principal, input: TransferInput): Promise<Transferred> {
  requirePermission(principal, 'billing:recharge');
  const amount = checkAmount('amountLi', input.amountLi);
  const note = checkText('note', input.note, 500, true);
  return inBillingTransaction(deps, async (tx) => {
    const target = await findBillingOrg(tx, principal, input.toOrgId, 'below');
    checkRechargeable(target);
    const result = await transferBalance(tx, {
      fromOrgId: principal.orgId,
      toOrgId: target.id,
      amount,
      note,
      createdById: bookedBy(principal),
    });
    if (result.kind === 'insufficient') throw insufficientBalance(principal.orgId, amount, result.spendable);
    if (result.kind === 'no_org') throw ApiError.notFound('org', String(input.toOrgId));
    const after = await tx.query<{ status: string }>('SELECT status FROM orgs WHERE id = $1', [target.id]);
    const thawed = target.status === 'frozen' && after.rows[0]?.status !== 'frozen';
    await auditInTransaction(tx, principal, {
      orgId: target.id,
      action: 'billing.transfer',
      targetType: 'org',
      targetId: target.id,
      details: { from_org_id: String(principal.orgId), amount_li: String(amount), note, thawed },
    });
    return {
      fromOrgId: principal.orgId,
      toOrgId: target.id,
      amount,
      fromBalanceAfter: result.fromBalanceAfter,
      toBalanceAfter: result.toBalanceAfter,
      thawed,
    };
  });
}

export interface ManualRechargeInput {
  readonly orgId: bigint;
  readonly amountLi: bigint;
  readonly note?: string | null;
  /** The bank or receipt number it is booked against: once per org. */
  readonly receiptNumber: string;
}

/**
 * A platform operator's recharge against a receipt (bank transfer, cash): booked once per org and
 * receipt number (external ref `manual:<org>:<receipt>`), so a double submit changes nothing the
 * second time and answers `duplicate`.
 */
export async function manualRecharge(deps: ApiDeps, principal: Principal, input: ManualRechargeInput): Promise<Booked> {
  requirePermission(principal, 'billing:operate');
  const amount = checkAmount('amountLi', input.amountLi);
  const receipt = checkText('receiptNumber', input.receiptNumber, 64)!;
  const note = checkText('note', input.note, 500, true);
  return inBillingTransaction(deps, async (tx) => {
    const org = await findBillingOrg(tx, principal, input.orgId);
    checkRechargeable(org);
    const result = await bookLedgerEntry(tx, {
      orgId: org.id,
      kind: 'recharge',
      amount,
      note,
      receiptNumber: receipt,
      externalRef: `manual:${org.id}:${receipt}`,
      createdById: bookedBy(principal),
    });
    if (result.kind === 'no_org') throw ApiError.notFound('org', String(input.orgId));
    if (result.kind === 'insufficient') throw insufficientBalance(org.id, amount, result.spendable);
    if (result.kind === 'duplicate') {
      return { orgId: org.id, entryId: result.entryId, balanceAfter: org.balance, thawed: false, duplicate: true };
    }
    await auditInTransaction(tx, principal, {
      orgId: org.id,
      action: 'billing.manual_recharge',
      targetType: 'ledger_entry',
      targetId: result.entryId,
      details: { amount_li: String(amount), receipt_number: receipt, note, thawed: result.thawed },
    });
    return {
      orgId: org.id,
      entryId: result.entryId,
      balanceAfter: result.balanceAfter,
      thawed: result.thawed,
      duplicate: false,
    };
  });
}

/** A platform operator's correction, signed (a debit the org cannot carry is refused), with a required note. */
export async function adjustBalance(
  deps: ApiDeps,
  principal: Principal,
  input: { orgId: bigint; amountLi: bigint; note: string },
): Promise<Booked> {
  requirePermission(principal, 'billing:operate');
  const magnitude = input.amountLi < 0n ? -input.amountLi : input.amountLi;
  checkAmount('amountLi', magnitude, MAX_AMOUNT_LI);
  const note = checkText('note', input.note, 500)!;
  return inBillingTransaction(deps, async (tx) => {
    const org = await findBillingOrg(tx, principal, input.orgId);
    const result = await bookLedgerEntry(tx, {
      orgId: org.id,
      kind: 'adjustment',
      amount: input.amountLi,
      note,
      createdById: bookedBy(principal),
    });
    if (result.kind === 'no_org') throw ApiError.notFound('org', String(input.orgId));
    if (result.kind === 'insufficient') throw insufficientBalance(org.id, magnitude, result.spendable);
    if (result.kind === 'duplicate') throw new Error('adjustment: booked without an external ref, yet a duplicate');
    await auditInTransaction(tx, principal, {
      orgId: org.id,
      action: 'billing.adjust',
      targetType: 'ledger_entry',
      targetId: result.entryId,
      details: { amount_li: String(input.amountLi), note, thawed: result.thawed },
    });
    return {
      orgId: org.id,
      entryId: result.entryId,
      balanceAfter: result.balanceAfter,
      thawed: result.thawed,
      duplicate: false,
    };
  });
}

export interface GrantMessagePackInput {
  readonly orgId: bigint;
  /** null: any business type. */
  readonly businessTypeId: bigint | null;
  readonly segments: number;
  /** li the org pays from its balance (0: a gift). */
  readonly priceLi: bigint;
  readonly expiresAt: Date | null;
}

export interface GrantedPack {
  readonly packId: bigint;
  readonly orgId: bigint;
  readonly entryId: bigint | null;
  readonly balanceAfter: bigint;
}

/**
 * A message pack (先购买一定数量的短信息量): the pack_purchase booking (−price) and the pack row in
 * one transaction; refused, with nothing changed, when the org cannot pay.
 */
export async function grantMessagePack(
  deps: ApiDeps,
  principal: Principal,
  input: GrantMessagePackInput,
): Promise<GrantedPack> {
  requirePermission(principal, 'billing:operate');
  if (!Number.isInteger(input.segments) || input.segments < 1 || input.segments > 100_000_000) {
    throw new ApiError('validation_error', 'segments: 1 to 100,000,000', { field: 'segments' });
  }
  if (input.priceLi < 0n || input.priceLi > MAX_AMOUNT_LI) {
    throw new ApiError('validation_error', `priceLi: 0 to ${MAX_AMOUNT_LI} li`, { field: 'priceLi' });
  }
  const now = deps.now();
  if (input.expiresAt !== null && input.expiresAt.getTime() <= now.getTime()) {
    throw new ApiError('validation_error', 'expiresAt: must be in the future', { field: 'expiresAt' });
  }
  return inBillingTransaction(deps, async (tx) => {
    const org = await findBillingOrg(tx, principal, input.orgId);
    checkRechargeable(org);
    if (input.businessTypeId !== null) {
      const type = await tx.query('SELECT 1 FROM business_types WHERE id = $1', [input.businessTypeId]);
      if (type.rowCount === 0) {
        throw new ApiError('unknown_business_type', `business type ${input.businessTypeId} does not exist`, {
          field: 'businessTypeId',
        });
      }
    }
    let entryId: bigint | null = null;
    let balanceAfter = org.balance;
    if (input.priceLi > 0n) {
      const booked = await bookLedgerEntry(tx, {
        orgId: org.id,
        kind: 'pack_purchase',
        amount: -input.priceLi,
        note: `${input.segments} segments`,
        businessTypeId: input.businessTypeId,
        createdById: bookedBy(principal),
      });
      if (booked.kind === 'insufficient') throw insufficientBalance(org.id, input.priceLi, booked.spendable);
      if (booked.kind !== 'booked') throw ApiError.notFound('org', String(input.orgId));
      entryId = booked.entryId;
      balanceAfter = booked.balanceAfter;
    }
    const pack = await tx.query<{ id: bigint }>(
      `INSERT INTO message_packs (org_id, business_type_id, segments, segments_left, price, ledger_entry_id, expires_at)
       VALUES ($1, $2, $3, $3, $4, $5, $6) RETURNING id`,
      [org.id, input.businessTypeId, input.segments, input.priceLi, entryId, input.expiresAt],
    );
    const packId = pack.rows[0]!.id;
    // Segments to spend: an org frozen for having nothing is thawed by a pack as by money.
    await tx.query(
      `UPDATE orgs SET empty_since = NULL,
              status = CASE WHEN status = 'frozen' THEN 'active'::org_status ELSE status END,
              frozen_at = CASE WHEN status = 'frozen' THEN NULL ELSE frozen_at END
        WHERE id = $1`,
      [org.id],
    );
    await auditInTransaction(tx, principal, {
      orgId: org.id,
      action: 'billing.pack_grant',
      targetType: 'message_pack',
      targetId: packId,
      details: {
        segments: input.segments,
        price_li: String(input.priceLi),
        business_type_id: input.businessTypeId === null ? null : String(input.businessTypeId),
        expires_at: input.expiresAt?.toISOString() ?? null,
      },
    });
    return { packId, orgId: org.id, entryId, balanceAfter };
  });
}

/**
 * The spendable amount below which the org's finance users and webhooks are told (null: never).
 * An org below the principal's with billing:manage, or the principal's own org by its admins.
 */
export async function setLowBalanceThreshold(
  deps: ApiDeps,
  principal: Principal,
  input: { orgId: bigint; thresholdLi: bigint | null },
): Promise<{ orgId: bigint; lowBalanceThreshold: bigint | null }> {
  requirePermission(principal, 'billing:manage');
  if (input.thresholdLi !== null && (input.thresholdLi < 0n || input.thresholdLi > MAX_AMOUNT_LI)) {
    throw new ApiError('validation_error', `thresholdLi: 0 to ${MAX_AMOUNT_LI} li, or null`, { field: 'thresholdLi' });
  }
  const ownOrgAdmin =
    principal.actor.kind === 'user' && (principal.actor.role === 'admin' || principal.actor.role === 'owner');
  return inBillingTransaction(deps, async (tx) => {
    const org = await findBillingOrg(tx, principal, input.orgId, 'visible', true);
    if (org.id === principal.orgId && !ownOrgAdmin) {
      throw new ApiError('own_org_refused', "your own org's threshold is set by its administrators");
    }
    await tx.query(
      'UPDATE orgs SET low_balance_threshold = $2, low_balance_alerted_at = NULL, updated_at = now() WHERE id = $1',
      [org.id, input.thresholdLi],
    );
    await auditInTransaction(tx, principal, {
      orgId: org.id,
      action: 'billing.low_balance_threshold',
      targetType: 'org',
      targetId: org.id,
      details: {
        threshold_li: input.thresholdLi === null ? null : String(input.thresholdLi),
        previous_li: org.lowBalanceThreshold === null ? null : String(org.lowBalanceThreshold),
      },
    });
    return { orgId: org.id, lowBalanceThreshold: input.thresholdLi };
  });
}
