import type { Carrier } from './carrier.js';
import { normalizeNumber, type NumberResult } from './normalize-number.js';
import { mobileSegment } from './segment-table.js';

/**
 * The carrier a number's SMS terminates on: the portability table first (携号转网 keeps the
 * prefix, so the segment table is only a first guess), then the number segment table. 'INTL' for
 * any number outside China; null for an invalid number or a range no carrier of ours serves.
 * Pass the NumberResult when you already have one, to skip normalising twice.
 */
export function lookupCarrier(
  number: string | NumberResult,
  portability?: ReadonlyMap<string, Carrier>,
): Carrier | null {
  const result = typeof number === 'string' ? normalizeNumber(number) : number;
  if (!result.ok) return null;
  if (result.kind === 'international') return 'INTL';
  return portability?.get(result.national) ?? mobileSegment(result.national) ?? null;
}
