import { pricingRow, type PathPrice } from '@smshub/core';
import { LedgerKind } from '../generated/prisma/enums.js';
import type { Queryable } from './queryable.js';

/**
 * Reads of money as the console and the REST API show it: ledger rows of one org, a month's
 * statement computed from them, and the price an org pays per business type and carrier with
 * where that price comes from. Callers have already decided the org is the principal's to see
 * (these take an org id, never a principal); nothing here writes.
 */

/** The platform's time zone: months and days of statements are Beijing's. */
export const BILLING_TIME_ZONE = 'Asia/Shanghai';

export interface LedgerFilter {
  readonly orgId: bigint;
  readonly kinds?: readonly LedgerKind[];
  readonly businessTypeId?: bigint;
  /** Inclusive. */
  readonly from?: Date;
  /** Exclusive. */
  readonly to?: Date;
}

export interface LedgerEntryView {
  readonly id: bigint;
  readonly orgId: bigint;
  readonly kind: LedgerKind;
  /** li, signed. */
  readonly amount: bigint;
  readonly balanceAfter: bigint;
  readonly businessTypeId: bigint | null;
  readonly businessTypeCode: string | null;
  readonly counterpartyOrgId: bigint | null;
  readonly counterpartyOrgName: string | null;
  readonly campaignId: bigint | null;
  readonly messageId: bigint | null;
  readonly note: string | null;
  readonly receiptNumber: string | null;
  readonly createdById: bigint | null;
  readonly createdAt: Date;
}

interface LedgerRow {
  id: bigint;
  org_id: bigint;
  kind: LedgerKind;
  amount: bigint;
  balance_after: bigint;
  business_type_id: bigint | null;
  business_type_code: string | null;
  counterparty_org_id: bigint | null;
  counterparty_org_name: string | null;
  campaign_id: bigint | null;
  message_id: bigint | null;
  note: string | null;
  receipt_number: string | null;
  created_by: bigint | null;
  created_at: Date;
}

function ledgerWhere(filter: LedgerFilter, params: unknown[]): string {
  params.push(filter.orgId);
  const conditions = [`l.org_id = $${params.length}`];
  if (filter.kinds !== undefined && filter.kinds.length > 0) {
    params.push(filter.kinds);
    conditions.push(`l.kind = ANY($${params.length}::ledger_kind[])`);
  }
  if (filter.businessTypeId !== undefined) {
    params.push(filter.businessTypeId);
    conditions.push(`l.business_type_id = $${params.length}`);
  }
  if (filter.from !== undefined) {
    params.push(filter.from);
    conditions.push(`l.created_at >= $${params.length}`);
  }
  if (filter.to !== undefined) {
    params.push(filter.to);
    conditions.push(`l.created_at < $${params.length}`);
  }
  return conditions.join(' AND ');
}

const LEDGER_COLUMNS = `l.id, l.org_id, l.kind, l.amount, l.balance_after, l.business_type_id, bt.code AS business_type_code,
       l.counterparty_org_id, c.name AS counterparty_org_name, l.campaign_id, l.message_id, l.note,
       l.receipt_number, l.created_by, l.created_at
  FROM ledger_entries l
  LEFT JOIN business_types bt ON bt.id = l.business_type_id
  LEFT JOIN orgs c ON c.id = l.counterparty_org_id`;

function toLedgerView(row: LedgerRow): LedgerEntryView {
  return {
    id: row.id,
    orgId: row.org_id,
    kind: row.kind,
    amount: row.amount,
    balanceAfter: row.balance_after,
    businessTypeId: row.business_type_id,
    businessTypeCode: row.business_type_code,
    counterpartyOrgId: row.counterparty_org_id,
    counterpartyOrgName: row.counterparty_org_name,
    campaignId: row.campaign_id,
    messageId: row.message_id,
    note: row.note,
    receiptNumber: row.receipt_number,
    createdById: row.created_by,
    createdAt: row.created_at,
  };
}

/** One page of an org's ledger, newest first. */
export async function listLedgerEntries(
  db: Queryable,
  filter: LedgerFilter,
  page: { readonly offset: number; readonly limit: number },
): Promise<LedgerEntryView[]> {
  const params: unknown[] = [];
  const where = ledgerWhere(filter, params);
  params.push(page.limit, page.offset);
  const result = await db.query<LedgerRow>(
    `SELECT ${LEDGER_COLUMNS} WHERE ${where} ORDER BY l.created_at DESC, l.id DESC
      LIMIT $${params.length - 1} OFFSET $${params.length}`,
    params,
  );
  return result.rows.map(toLedgerView);
}

export interface LedgerTotals {
  readonly count: number;
  /** li: the sum of the positive rows, of the negative rows (≤ 0), and of all. */
  readonly credits: bigint;
  readonly debits: bigint;
  readonly net: bigint;
}

export async function ledgerTotals(db: Queryable, filter: LedgerFilter): Promise<LedgerTotals> {
  const params: unknown[] = [];
  const where = ledgerWhere(filter, params);
  const result = await db.query<{ count: string; credits: bigint; debits: bigint; net: bigint }>(
    `SELECT count(*)::text AS count,
            coalesce(sum(l.amount) FILTER (WHERE l.amount > 0), 0)::bigint AS credits,
            coalesce(sum(l.amount) FILTER (WHERE l.amount < 0), 0)::bigint AS debits,
            coalesce(sum(l.amount), 0)::bigint AS net
       FROM ledger_entries l WHERE ${where}`,
    params,
  );
  const row = result.rows[0]!;
  return { count: Number(row.count), credits: row.credits, debits: row.debits, net: row.net };
}

/**
 * Every row of the filter, oldest first, in batches of `batch` (keyset on id, so a long export
 * holds no cursor and no snapshot longer than one batch).
 */
export async function* ledgerEntriesInOrder(
  db: Queryable,
  filter: LedgerFilter,
  batch = 2000,
): AsyncGenerator<LedgerEntryView[]> {
  let after = 0n;
  for (;;) {
    const params: unknown[] = [];
    const where = ledgerWhere(filter, params);
    params.push(after, batch);
    const result = await db.query<LedgerRow>(
      `SELECT ${LEDGER_COLUMNS} WHERE ${where} AND l.id > $${params.length - 1} ORDER BY l.id LIMIT $${params.length}`,
      params,
    );
    if (result.rows.length === 0) return;
    yield result.rows.map(toLedgerView);
    after = result.rows[result.rows.length - 1]!.id;
    if (result.rows.length < batch) return;
  }
}

/** [start, end) of a month 'YYYY-MM' in Beijing time (UTC+8, no daylight saving). */
export function billingMonthRange(month: string): { start: Date; end: Date } {
  const match = /^([0-9]{4})-(0[1-9]|1[0-2])$/.exec(month);
  if (match === null) throw new Error(`billing month: ${JSON.stringify(month)} is not YYYY-MM`);
  const year = Number(match[1]);
  const index = Number(match[2]) - 1;
  const start = new Date(Date.UTC(year, index, 1) - 8 * 3600_000);
  const end = new Date(Date.UTC(year, index + 1, 1) - 8 * 3600_000);
  return { start, end };
}

/** The Beijing month ('YYYY-MM') a moment falls in. */
export function billingMonthOf(at: Date): string {
  const beijing = new Date(at.getTime() + 8 * 3600_000);
  return `${beijing.getUTCFullYear()}-${String(beijing.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** The month `offset` months after `month` ('2026-12', 1 → '2027-01'). */
export function shiftBillingMonth(month: string, offset: number): string {
  const { start } = billingMonthRange(month);
  const beijing = new Date(start.getTime() + 8 * 3600_000);
  const shifted = new Date(Date.UTC(beijing.getUTCFullYear(), beijing.getUTCMonth() + offset, 1));
  return `${shifted.getUTCFullYear()}-${String(shifted.getUTCMonth() + 1).padStart(2, '0')}`;
}

export interface BusinessTypeSpend {
  readonly businessTypeId: bigint;
  readonly businessTypeCode: string;
  readonly businessTypeName: string;
  /** Segments charged in the month (billing_usage). */
  readonly segments: bigint;
  /** li: charges (≤ 0) and refunds (≥ 0) booked in the month for this type, from the ledger. */
  readonly charged: bigint;
  readonly refunded: bigint;
}

export interface LedgerMonth {
  readonly month: string;
  readonly start: Date;
  readonly end: Date;
  /** li: the balance before the month's first row and after its last. */
  readonly opening: bigint;
  readonly closing: bigint;
  /** li per kind booked in the month (signed sums; kinds without rows are 0). */
  readonly byKind: Readonly<Record<LedgerKind, bigint>>;
  readonly byBusinessType: readonly BusinessTypeSpend[];
  readonly entries: number;
}

/** Every ledger kind, in the schema's order: one list for the API's filters, exports and the console. */
export const LEDGER_KINDS: readonly [LedgerKind, ...LedgerKind[]] = Object.values(LedgerKind) as [
  LedgerKind,
  ...LedgerKind[],
];

/**
 * One org's month from its ledger: the opening balance is the balance after the last row before
 * the month (ordered by id, which follows booking order under the org's lock), so a month's
 * opening is the previous month's closing by construction; an org without any earlier row opens
 * at its first row's balance before it (or its balance today, when it has no rows at all).
 */
export async function ledgerMonth(db: Queryable, orgId: bigint, month: string): Promise<LedgerMonth> {
  const { start, end } = billingMonthRange(month);
  const [edges, kinds, types] = await Promise.all([
    db.query<{ opening: bigint | null; first_before: bigint | null; closing: bigint | null; balance: bigint }>(
      `SELECT (SELECT balance_after FROM ledger_entries WHERE org_id = $1 AND created_at < $2 ORDER BY id DESC LIMIT 1) AS opening,
              (SELECT balance_after - amount FROM ledger_entries WHERE org_id = $1 ORDER BY id LIMIT 1) AS first_before,
              (SELECT balance_after FROM ledger_entries WHERE org_id = $1 AND created_at < $3 ORDER BY id DESC LIMIT 1) AS closing,
              (SELECT balance FROM orgs WHERE id = $1) AS balance`,
      [orgId, start, end],
    ),
    db.query<{ kind: LedgerKind; total: bigint; n: string }>(
      `SELECT kind, sum(amount)::bigint AS total, count(*)::text AS n FROM ledger_entries
        WHERE org_id = $1 AND created_at >= $2 AND created_at < $3 GROUP BY kind`,
      [orgId, start, end],
    ),
    db.query<{ id: bigint; code: string; name: string; segments: bigint; charged: bigint; refunded: bigint }>(
      `WITH l AS (
         SELECT business_type_id,
                coalesce(sum(amount) FILTER (WHERE kind = 'charge'), 0)::bigint AS charged,
                coalesce(sum(amount) FILTER (WHERE kind = 'refund'), 0)::bigint AS refunded
           FROM ledger_entries
          WHERE org_id = $1 AND created_at >= $2 AND created_at < $3 AND business_type_id IS NOT NULL
            AND kind IN ('charge', 'refund')
          GROUP BY business_type_id),
       u AS (SELECT business_type_id, segments FROM billing_usage WHERE org_id = $1 AND month = $4::date)
       SELECT bt.id, bt.code, bt.name, coalesce(u.segments, 0)::bigint AS segments,
              coalesce(l.charged, 0)::bigint AS charged, coalesce(l.refunded, 0)::bigint AS refunded
         FROM business_types bt
         LEFT JOIN l ON l.business_type_id = bt.id
         LEFT JOIN u ON u.business_type_id = bt.id
        WHERE l.business_type_id IS NOT NULL OR u.business_type_id IS NOT NULL
        ORDER BY bt.priority DESC, bt.id`,
      [orgId, start, end, `${month}-01`],
    ),
  ]);
  const edge = edges.rows[0]!;
  const opening = edge.opening ?? edge.first_before ?? edge.balance ?? 0n;
  const byKind = Object.fromEntries(LEDGER_KINDS.map((kind) => [kind, 0n])) as Record<LedgerKind, bigint>;
  let entries = 0;
  for (const row of kinds.rows) {
    byKind[row.kind] = row.total;
    entries += Number(row.n);
  }
  const closing = edge.closing ?? opening;
  return {
    month,
    start,
    end,
    opening,
    closing,
    byKind,
    byBusinessType: types.rows.map((row) => ({
      businessTypeId: row.id,
      businessTypeCode: row.code,
      businessTypeName: row.name,
      segments: row.segments,
      charged: row.charged,
      refunded: row.refunded,
    })),
    entries,
  };
}

/** li spent (charges + monthly fees + pack purchases, after refunds, as a positive number) per Beijing month. */
export async function monthlySpend(
  db: Queryable,
  orgId: bigint,
  months: readonly string[],
): Promise<{ month: string; spent: bigint }[]> {
  if (months.length === 0) return [];
  const first = billingMonthRange(months[0]!).start;
  const last = billingMonthRange(months[months.length - 1]!).end;
  const result = await db.query<{ month: string; spent: bigint }>(
    `SELECT to_char(created_at AT TIME ZONE '${BILLING_TIME_ZONE}', 'YYYY-MM') AS month,
            (-coalesce(sum(amount), 0))::bigint AS spent
       FROM ledger_entries
      WHERE org_id = $1 AND created_at >= $2 AND created_at < $3
        AND kind IN ('charge', 'refund', 'monthly_fee', 'pack_purchase')
      GROUP BY 1`,
    [orgId, first, last],
  );
  const byMonth = new Map(result.rows.map((row) => [row.month, row.spent]));
  return months.map((month) => ({ month, spent: byMonth.get(month) ?? 0n }));
}

export type PriceSource = 'own' | 'ancestor' | 'list';

export interface EffectivePrice {
  readonly businessTypeId: bigint;
  readonly businessTypeCode: string;
  readonly businessTypeName: string;
  readonly carrierCode: string;
  /** li per segment. */
  readonly pricePerSegment: bigint;
  /** own: the org's row; ancestor: an org above it (the platform root's rows are its price list); list: business_types. */
  readonly source: PriceSource;
  readonly sourceOrgId: bigint | null;
  readonly sourceOrgName: string | null;
  /** The row that applied was for every carrier ('*') rather than this one. */
  readonly viaWildcard: boolean;
}

/**
 * The price per segment `orgPath`'s org pays for each enabled business type and carrier: the
 * nearest org on the path (itself first) with a row for the type and the carrier or '*', the
 * carrier's row first within one org; without one, the business type's list price (decision 0186).
 */
export async function effectivePrices(db: Queryable, orgPath: readonly bigint[]): Promise<EffectivePrice[]> {
  const [grid, rows] = await Promise.all([
    db.query<{ business_type_id: bigint; code: string; name: string; list_price: bigint; carrier_code: string }>(
      `SELECT bt.id AS business_type_id, bt.code, bt.name, bt.price_per_segment AS list_price, c.code AS carrier_code
         FROM business_types bt CROSS JOIN carriers c
        WHERE bt.enabled
        ORDER BY bt.priority DESC, bt.id, c.code`,
    ),
    db.query<{
      business_type_id: bigint;
      org_id: bigint;
      org_name: string;
      depth: number;
      carrier_code: string;
      price: bigint;
    }>(
      `SELECT op.business_type_id, op.org_id, o.name AS org_name, path.ord::int AS depth, op.carrier_code,
              op.price_per_segment AS price
         FROM unnest($1::bigint[]) WITH ORDINALITY AS path(id, ord)
         JOIN org_prices op ON op.org_id = path.id
         JOIN orgs o ON o.id = op.org_id`,
      [orgPath],
    ),
  ]);
  const rowsOf = new Map<bigint, (PathPrice & { orgId: bigint; orgName: string })[]>();
  for (const row of rows.rows) {
    const list = rowsOf.get(row.business_type_id) ?? [];
    list.push({
      depth: row.depth,
      carrierCode: row.carrier_code,
      pricePerSegment: row.price,
      orgId: row.org_id,
      orgName: row.org_name,
    });
    rowsOf.set(row.business_type_id, list);
  }
  const self = orgPath[orgPath.length - 1];
  return grid.rows.map((cell) => {
    // The rule intake prices by (@smshub/core pricingRow), not a second copy of it in SQL.
    const best = pricingRow(rowsOf.get(cell.business_type_id) ?? [], cell.carrier_code);
    return {
      businessTypeId: cell.business_type_id,
      businessTypeCode: cell.code,
      businessTypeName: cell.name,
      carrierCode: cell.carrier_code,
      pricePerSegment: best?.pricePerSegment ?? cell.list_price,
      source: best === undefined ? 'list' : best.orgId === self ? 'own' : 'ancestor',
      sourceOrgId: best?.orgId ?? null,
      sourceOrgName: best?.orgName ?? null,
      viaWildcard: best?.carrierCode === '*',
    };
  });
}
