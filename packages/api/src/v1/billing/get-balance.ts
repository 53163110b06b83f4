import { formatLi } from '@smshub/core';
import { getBillingOverview } from '../../ops/billing/get-billing-overview.js';
import { contract } from '../contract.js';
import { endpoint } from '../http/endpoint.js';
import { parseInput, queryObject } from '../http/parse-input.js';
import { jsonResponse } from '../http/responses.js';
import { BalanceQuery, type Balance } from './schemas.js';

/** GET /api/v1/balance?org_id=: what the key's org (or an org below it) may spend now. */
export const getBalance = endpoint(contract.getBalance, async ({ request, deps, principal }) => {
  const query = parseInput(BalanceQuery, queryObject(request), 'query');
  const o = await getBillingOverview(
    deps,
    principal,
    query.org_id === undefined ? {} : { orgId: BigInt(query.org_id) },
  );
  const body: Balance = {
    org_id: String(o.orgId),
    billing_mode: o.billingMode,
    balance: formatLi(o.balance),
    balance_li: Number(o.balance),
    reserved: formatLi(o.reserved),
    reserved_li: Number(o.reserved),
    credit_limit: formatLi(o.creditLimit),
    credit_limit_li: Number(o.creditLimit),
    spendable: formatLi(o.spendable),
    spendable_li: Number(o.spendable),
    status: o.status,
    frozen_at: o.frozenAt?.toISOString() ?? null,
    low_balance_threshold: o.lowBalanceThreshold === null ? null : formatLi(o.lowBalanceThreshold),
    low_balance_threshold_li: o.lowBalanceThreshold === null ? null : Number(o.lowBalanceThreshold),
    pack_segments_left: o.packSegmentsLeft,
    month: o.month,
    month_spent: formatLi(o.monthSpent),
    month_spent_li: Number(o.monthSpent),
  };
  return jsonResponse(200, body);
});
