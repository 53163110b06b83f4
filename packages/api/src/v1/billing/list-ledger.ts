import { formatLi } from '@smshub/core';
import type { LedgerEntryView, LedgerKind } from '@smshub/db';
import { listLedger as listLedgerOperation } from '../../ops/billing/list-ledger.js';
import { contract } from '../contract.js';
import { endpoint } from '../http/endpoint.js';
import { parseInput, queryObject } from '../http/parse-input.js';
import { jsonResponse } from '../http/responses.js';
import { ListLedgerQuery, type LedgerEntry, type LedgerList } from './schemas.js';

function ledgerEntryResource(entry: LedgerEntryView): LedgerEntry {
  return {
    id: String(entry.id),
    org_id: String(entry.orgId),
    kind: entry.kind,
    amount: formatLi(entry.amount),
    amount_li: Number(entry.amount),
    balance_after: formatLi(entry.balanceAfter),
    balance_after_li: Number(entry.balanceAfter),
    business_type: entry.businessTypeCode,
    counterparty_org_id: entry.counterpartyOrgId === null ? null : String(entry.counterpartyOrgId),
    campaign_id: entry.campaignId === null ? null : String(entry.campaignId),
    message_id: entry.messageId === null ? null : String(entry.messageId),
    note: entry.note,
    receipt_number: entry.receiptNumber,
    created_at: entry.createdAt.toISOString(),
  };
}

/**
 * GET /api/v1/ledger?page=&page_size=&kind=&from=&to=&business_type=&org_id=: one org's ledger,
 * newest first, with the totals of the whole filter.
 */
export const listLedgerEndpoint = endpoint(contract.listLedger, async ({ request, deps, principal }) => {
  const query = parseInput(ListLedgerQuery, queryObject(request), 'query');
  const page = await listLedgerOperation(deps, principal, {
    page: query.page,
    pageSize: query.page_size,
    ...(query.org_id === undefined ? {} : { orgId: BigInt(query.org_id) }),
    ...(query.kind === undefined ? {} : { kinds: query.kind.split(',') as LedgerKind[] }),
    ...(query.business_type === undefined ? {} : { businessTypeCode: query.business_type }),
    ...(query.from === undefined ? {} : { from: new Date(query.from) }),
    ...(query.to === undefined ? {} : { to: new Date(query.to) }),
  });
  const body: LedgerList = {
    data: page.items.map(ledgerEntryResource),
    page: page.page,
    page_size: page.pageSize,
    total: page.total,
    totals: {
      credits: formatLi(page.totals.credits),
      credits_li: Number(page.totals.credits),
      debits: formatLi(page.totals.debits),
      debits_li: Number(page.totals.debits),
      net: formatLi(page.totals.net),
      net_li: Number(page.totals.net),
    },
  };
  return jsonResponse(200, body);
});
