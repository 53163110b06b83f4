import {
  LEDGER_KINDS,
  ledgerEntriesInOrder,
  ledgerTotals,
  listLedgerEntries,
  type LedgerEntryView,
  type LedgerFilter,
  type LedgerKind,
  type LedgerTotals,
} from '@smshub/db';
import { ApiError } from '../../v1/api-error.js';
import type { ApiDeps } from '../../v1/deps.js';
import { requirePermission, type Principal } from '../principal.js';
import { paging } from '../users/list-users.js';
import { findBillingOrg } from './billing-org.js';
import { writeXlsx, type XlsxFile } from './xlsx.js';

export { LEDGER_KINDS };

export interface LedgerQuery {
  /** Default: the principal's own org; any org of its subtree. */
  readonly orgId?: bigint;
  readonly kinds?: readonly LedgerKind[];
  readonly businessTypeId?: bigint;
  /** The same by code (the REST API's business_type); an unknown code is refused. */
  readonly businessTypeCode?: string;
  /** Inclusive from, exclusive to. */
  readonly from?: Date;
  readonly to?: Date;
}

export interface LedgerPage {
  readonly orgId: bigint;
  readonly items: readonly LedgerEntryView[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  /** Over every row of the filter, not only this page. */
  readonly totals: LedgerTotals;
}

/** Rows an export holds at most; a wider filter is refused rather than cut short. */
export const MAX_EXPORT_ROWS = 100_000;

async function ledgerFilter(deps: ApiDeps, principal: Principal, query: LedgerQuery): Promise<LedgerFilter> {
  requirePermission(principal, 'billing:read');
  if (query.from !== undefined && query.to !== undefined && query.from.getTime() >= query.to.getTime()) {
    throw new ApiError('validation_error', 'from: must be before to', { field: 'from' });
  }
  for (const kind of query.kinds ?? []) {
    if (!LEDGER_KINDS.includes(kind)) {
      throw new ApiError('validation_error', `kind: one of ${LEDGER_KINDS.join(', ')}`, { field: 'kind' });
    }
  }
  const org = await findBillingOrg(deps.pool, principal, query.orgId);
  let businessTypeId = query.businessTypeId;
  if (query.businessTypeCode !== undefined) {
    const found = await deps.pool.query<{ id: bigint }>('SELECT id FROM business_types WHERE code = $1', [
      query.businessTypeCode,
    ]);
    const row = found.rows[0];
    if (row === undefined) {
      throw new ApiError(
        'unknown_business_type',
        `business_type: no business type ${JSON.stringify(query.businessTypeCode)}`,
        {
          field: 'business_type',
        },
      );
    }
    businessTypeId = row.id;
  }
  return {
    orgId: org.id,
    ...(query.kinds === undefined || query.kinds.length === 0 ? {} : { kinds: query.kinds }),
    ...(businessTypeId === undefined ? {} : { businessTypeId }),
    ...(query.from === undefined ? {} : { from: query.from }),
    ...(query.to === undefined ? {} : { to: query.to }),
  };
}

/** One org's ledger, newest first, with the totals of the whole filter. */
export async function listLedger(
  deps: ApiDeps,
  principal: Principal,
  input: LedgerQuery & { page?: number; pageSize?: number } = {},
): Promise<LedgerPage> {
  const { page, pageSize } = paging(input);
  const filter = await ledgerFilter(deps, principal, input);
  const [items, totals] = await Promise.all([
    listLedgerEntries(deps.pool, filter, { offset: (page - 1) * pageSize, limit: pageSize }),
    ledgerTotals(deps.pool, filter),
  ]);
  return { orgId: filter.orgId, items, total: totals.count, page, pageSize, totals };
}

const KIND_LABELS: Readonly<Record<LedgerKind, string>> = {
  charge: '扣费',
  refund: '退款',
  recharge: '充值',
  adjustment: '调账',
  transfer_out: '下拨',
  transfer_in: '上级充值',
  pack_purchase: '购买短信包',
  monthly_fee: '月租',
};

/** Beijing time, as the console shows it: 2026-12-31 23:59:59. */
export function beijingTime(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().replace('T', ' ').slice(0, 19);
}

/**
 * The filter's rows as an XLSX sheet, oldest first: a zh-CN header row, an English one below it,
 * then one row per entry and a totals row. Amounts are yuan numbers (three places) and, beside
 * them, the same amount in li as an integer, which is exact. Refused above MAX_EXPORT_ROWS.
 */
export async function exportLedgerXlsx(
  deps: ApiDeps,
  principal: Principal,
  input: LedgerQuery = {},
): Promise<XlsxFile> {
  const filter = await ledgerFilter(deps, principal, input);
  const totals = await ledgerTotals(deps.pool, filter);
  if (totals.count > MAX_EXPORT_ROWS) {
    throw new ApiError(
      'payload_too_large',
      `the filter matches ${totals.count} ledger rows; an export holds at most ${MAX_EXPORT_ROWS}: narrow the dates`,
      { rows: totals.count, max_rows: MAX_EXPORT_ROWS },
    );
  }
  // The totals row sums the rows written (rows booked after the count above are in both or neither).
  let rows = 0;
  let net = 0n;
  const buffer = await writeXlsx('ledger', async (sheet) => {
    sheet.columns = [
      { key: 'time', width: 20 },
      { key: 'kind', width: 14 },
      { key: 'type', width: 14 },
      { key: 'amount', width: 14, style: { numFmt: '0.000' } },
      { key: 'amountLi', width: 14 },
      { key: 'balance', width: 14, style: { numFmt: '0.000' } },
      { key: 'counterparty', width: 24 },
      { key: 'receipt', width: 18 },
      { key: 'note', width: 30 },
      { key: 'id', width: 12 },
    ];
    sheet
      .addRow([
        '时间（北京）',
        '类型',
        '业务类型',
        '金额（元）',
        '金额（厘）',
        '余额（元）',
        '对方',
        '回单号',
        '备注',
        '编号',
      ])
      .commit();
    sheet
      .addRow([
        'Time (Beijing)',
        'Kind',
        'Business type',
        'Amount (yuan)',
        'Amount (li)',
        'Balance (yuan)',
        'Counterparty',
        'Receipt',
        'Note',
        'Entry',
      ])
      .commit();
    for await (const batch of ledgerEntriesInOrder(deps.pool, filter)) {
      for (const entry of batch) {
        rows++;
        net += entry.amount;
        sheet
          .addRow([
            beijingTime(entry.createdAt),
            `${KIND_LABELS[entry.kind]} ${entry.kind}`,
            entry.businessTypeCode ?? '',
            Number(entry.amount) / 1000,
            Number(entry.amount),
            Number(entry.balanceAfter) / 1000,
            entry.counterpartyOrgName ?? '',
            entry.receiptNumber ?? '',
            entry.note ?? '',
            String(entry.id),
          ])
          .commit();
      }
    }
    sheet.addRow(['合计 Total', rows, '', Number(net) / 1000, Number(net), '', '', '', '', '']).commit();
  });
  return { filename: `ledger-${filter.orgId}.xlsx`, rows, buffer };
}
