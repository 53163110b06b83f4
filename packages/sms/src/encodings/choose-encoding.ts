import { EncodingError } from '../errors.js';
import type { ReferenceBits } from '../segments/segment-limits.js';
import { measure } from '../segments/text-meter.js';
import type { TextEncoding } from '../text-encoding.js';

export const DEFAULT_ALLOWED_ENCODINGS: readonly TextEncoding[] = ['gsm7', 'ucs2'];

export interface EncodingChoice {
  readonly encoding: TextEncoding;
  readonly segments: number;
}

/**
 * The encoding in `allowed` that sends `text` in the fewest segments; on a tie the one listed
 * first. 'binary' is skipped: it has no text form. Throws EncodingError when none can represent
 * the text, naming the character that stopped the encoding that got furthest.
 */
export function cheapestEncoding(
  text: string,
  allowed: readonly TextEncoding[],
  referenceBits: ReferenceBits,
): EncodingChoice {
  let best: EncodingChoice | undefined;
  let furthestFailure = -1;
  for (const encoding of allowed) {
    if (encoding === 'binary') continue;
    const result = measure(text, encoding, referenceBits);
    if (!result.ok) {
      furthestFailure = Math.max(furthestFailure, result.position);
      continue;
    }
    if (best === undefined || result.segments < best.segments) best = { encoding, segments: result.segments };
  }
  if (best !== undefined) return best;
  const names = allowed.join('|') || 'none';
  if (furthestFailure < 0) throw new EncodingError(names, 'no text encoding is allowed');
  throw EncodingError.unencodable(names, text, furthestFailure);
}

/**
 * The cheapest encoding in `allowed` for `text` (fewest segments with an 8-bit reference UDH;
 * ties: the earlier in `allowed`). Chinese text comes out as ucs2, or gbk when only gbk is allowed.
 */
export function chooseEncoding(
  text: string,
  allowed: readonly TextEncoding[] = DEFAULT_ALLOWED_ENCODINGS,
): TextEncoding {
  return cheapestEncoding(text, allowed, 8).encoding;
}
