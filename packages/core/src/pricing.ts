/**
 * What a message costs the sender, in li (1/1000 yuan): its segment count (what carriers bill)
 * times the price per segment resolved for its carrier (`segmentPriceFor`).
 */
export function messagePrice(segments: number, pricePerSegment: bigint): bigint {
  if (!Number.isInteger(segments) || segments < 0)
    throw new RangeError(`segment count ${segments} is not a whole number`);
  return BigInt(segments) * pricePerSegment;
}

/** One org_prices row on the sender's path, with how near the sender its org is. */
export interface PathPrice {
  /** Position of the row's org in the sender's path (root = 1, the sender itself = the path's length). */
  readonly depth: number;
  /** A carrier's code, or '*' for every carrier without a row of its own. */
  readonly carrierCode: string;
  /** li per segment */
  readonly pricePerSegment: bigint;
}

/** The prices of one business type for one sender, per carrier. */
export interface SegmentPrices {
  /** li per segment for a carrier not in `carrierPrices`. */
  readonly pricePerSegment: bigint;
  /** Carriers priced otherwise than `pricePerSegment`; absent: none. */
  readonly carrierPrices?: ReadonlyMap<string, bigint>;
}

/**
 * Decision 0186: a message is priced by the nearest org on the sender's path (itself first, the
 * platform root last) that has a row for its business type and its carrier or '*', the carrier's
 * row first within one org; without any, the business type's list price. Resolved once per
 * (sender, business type) into a price for carriers without rows of their own and one per carrier
 * that has any.
 */
export function resolveSegmentPrices(
  listPrice: bigint,
  rows: readonly PathPrice[],
): { readonly pricePerSegment: bigint; readonly carrierPrices: ReadonlyMap<string, bigint> } {
  const star = pricingRow(rows, '*');
  const carrierPrices = new Map<string, bigint>();
  for (const carrier of new Set(rows.map((row) => row.carrierCode))) {
    if (carrier === '*') continue;
    const row = pricingRow(rows, carrier);
    if (row !== undefined && row.carrierCode === carrier) carrierPrices.set(carrier, row.pricePerSegment);
  }
  return { pricePerSegment: star?.pricePerSegment ?? listPrice, carrierPrices };
}

/**
 * The row that prices a message to `carrierCode` (decision 0186's rule, the one place it is
 * written): the nearest org's row for the carrier or '*', the carrier's first within one org;
 * undefined when no org on the path has one (the list price applies).
 */
export function pricingRow<T extends PathPrice>(rows: readonly T[], carrierCode: string): T | undefined {
  let best: T | undefined;
  for (const row of rows) {
    if (row.carrierCode !== carrierCode && row.carrierCode !== '*') continue;
    if (best === undefined || row.depth > best.depth || (row.depth === best.depth && row.carrierCode !== '*')) {
      best = row;
    }
  }
  return best;
}

/** li per segment for a message to `carrierCode`. */
export function segmentPriceFor(prices: SegmentPrices, carrierCode: string): bigint {
  return prices.carrierPrices?.get(carrierCode) ?? prices.pricePerSegment;
}

/** Formats li as yuan for people: 35 → "0.035". */
export function formatLi(amount: bigint): string {
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  const yuan = abs / 1000n;
  const li = (abs % 1000n).toString().padStart(3, '0');
  return `${negative ? '-' : ''}${yuan}.${li}`;
}

/**
 * The billing month of an instant: the first day of its month in Asia/Shanghai (UTC+8, no
 * daylight saving), as 'YYYY-MM-01' (billing_usage.month).
 */
export function billingMonth(at: Date): string {
  const shanghai = new Date(at.getTime() + 8 * 3_600_000);
  const month = String(shanghai.getUTCMonth() + 1).padStart(2, '0');
  return `${shanghai.getUTCFullYear()}-${month}-01`;
}
