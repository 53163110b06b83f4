import { billingMonthOf, monthlySpend, shiftBillingMonth, type BillingMode, type OrgStatus } from '@smshub/db';
import type { ApiDeps } from '../../v1/deps.js';
import { requirePermission, type Principal } from '../principal.js';
import { findBillingOrg, spendableOf } from './billing-org.js';

export interface MessagePackView {
  readonly id: bigint;
  readonly businessTypeId: bigint | null;
  readonly businessTypeCode: string | null;
  readonly segments: number;
  readonly segmentsLeft: number;
  /** li paid. */
  readonly price: bigint;
  readonly boughtAt: Date;
  readonly expiresAt: Date | null;
}

export interface BusinessTypeMonth {
  readonly businessTypeId: bigint;
  readonly businessTypeCode: string;
  readonly businessTypeName: string;
  readonly segments: bigint;
  /** li charged this month after refunds (billing_usage), and the monthly fee booked. */
  readonly amount: bigint;
  readonly feeCharged: bigint;
}

export interface BillingOverview {
  readonly orgId: bigint;
  readonly orgName: string;
  readonly billingMode: BillingMode;
  /** li. */
  readonly balance: bigint;
  readonly reserved: bigint;
  readonly creditLimit: bigint;
  /** What the org may still spend: balance − reserved (+ credit line for postpaid). */
  readonly spendable: bigint;
  readonly status: OrgStatus;
  readonly frozen: boolean;
  readonly frozenAt: Date | null;
  /** Since when the org has had nothing to spend (null: it has). */
  readonly emptySince: Date | null;
  /** How a frozen org is thawed: any recharge or transfer that leaves it something to spend. */
  readonly thawBy: 'recharge' | null;
  readonly lowBalanceThreshold: bigint | null;
  /** Packs with segments left and not expired. */
  readonly packs: readonly MessagePackView[];
  readonly packSegmentsLeft: number;
  /** This Beijing month. */
  readonly month: string;
  readonly monthByBusinessType: readonly BusinessTypeMonth[];
  /** li spent this month (charges after refunds, monthly fees, packs) from the ledger. */
  readonly monthSpent: bigint;
  /** The last six months including this one, oldest first (for the chart). */
  readonly lastMonths: readonly { readonly month: string; readonly spent: bigint }[];
}

/** The billing page's head: balance, credit, freeze, packs and this month's spend of one org of the subtree. */
export async function getBillingOverview(
  deps: ApiDeps,
  principal: Principal,
  input: { orgId?: bigint } = {},
): Promise<BillingOverview> {
  requirePermission(principal, 'billing:read');
  const org = await findBillingOrg(deps.pool, principal, input.orgId);
  const now = deps.now();
  const month = billingMonthOf(now);
  const months = Array.from({ length: 6 }, (_, i) => shiftBillingMonth(month, i - 5));
  const [packs, usage, spend] = await Promise.all([
    deps.pool.query<{
      id: bigint;
      business_type_id: bigint | null;
      code: string | null;
      segments: number;
      segments_left: number;
      price: bigint;
      bought_at: Date;
      expires_at: Date | null;
    }>(
      `SELECT p.id, p.business_type_id, bt.code, p.segments, p.segments_left, p.price, p.bought_at, p.expires_at
         FROM message_packs p LEFT JOIN business_types bt ON bt.id = p.business_type_id
        WHERE p.org_id = $1 AND p.segments_left > 0 AND (p.expires_at IS NULL OR p.expires_at > $2)
        ORDER BY p.expires_at NULLS LAST, p.id`,
      [org.id, now],
    ),
    deps.pool.query<{
      business_type_id: bigint;
      code: string;
      name: string;
      segments: bigint;
      amount: bigint;
      fee_charged: bigint;
    }>(
      `SELECT u.business_type_id, bt.code, bt.name, u.segments, u.amount, u.fee_charged
         FROM billing_usage u JOIN business_types bt ON bt.id = u.business_type_id
        WHERE u.org_id = $1 AND u.month = $2::date
        ORDER BY bt.priority DESC, bt.id`,
      [org.id, `${month}-01`],
    ),
    monthlySpend(deps.pool, org.id, months),
  ]);
  const packViews = packs.rows.map((row) => ({
    id: row.id,
    businessTypeId: row.business_type_id,
    businessTypeCode: row.code,
    segments: row.segments,
    segmentsLeft: row.segments_left,
    price: row.price,
    boughtAt: row.bought_at,
    expiresAt: row.expires_at,
  }));
  return {
    orgId: org.id,
    orgName: org.name,
    billingMode: org.billingMode,
    balance: org.balance,
    reserved: org.reserved,
    creditLimit: org.creditLimit,
    spendable: spendableOf(org),
    status: org.status,
    frozen: org.status === 'frozen',
    frozenAt: org.frozenAt,
    emptySince: org.emptySince,
    thawBy: org.status === 'frozen' ? 'recharge' : null,
    lowBalanceThreshold: org.lowBalanceThreshold,
    packs: packViews,
    packSegmentsLeft: packViews.reduce((sum, pack) => sum + pack.segmentsLeft, 0),
    month,
    monthByBusinessType: usage.rows.map((row) => ({
      businessTypeId: row.business_type_id,
      businessTypeCode: row.code,
      businessTypeName: row.name,
      segments: row.segments,
      amount: row.amount,
      feeCharged: row.fee_charged,
    })),
    monthSpent: spend[spend.length - 1]?.spent ?? 0n,
    lastMonths: spend,
  };
}
