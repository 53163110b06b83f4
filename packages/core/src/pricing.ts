/**
 * What a message costs the sender, in li (1/1000 yuan): its segment count (what carriers bill)
 * times the org's contract price for the business type, or the business type's list price.
 */
export function messagePrice(segments: number, pricePerSegment: bigint): bigint {
  if (!Number.isInteger(segments) || segments < 0)
    throw new RangeError(`segment count ${segments} is not a whole number`);
  return BigInt(segments) * pricePerSegment;
}

/** Formats li as yuan for people: 35 → "0.035". */
export function formatLi(amount: bigint): string {
  const negative = amount < 0n;
  const abs = negative ? -amount : amount;
  const yuan = abs / 1000n;
  const li = (abs % 1000n).toString().padStart(3, '0');
  return `${negative ? '-' : ''}${yuan}.${li}`;
}
