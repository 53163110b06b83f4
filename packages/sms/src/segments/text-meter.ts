import { gbkByteCosts } from '../encodings/gbk.js';
import { GSM7_SEPTETS_OF } from '../encodings/gsm7-alphabet.js';
import type { TextEncoding } from '../text-encoding.js';
import { perPart, SEGMENT_LIMITS, type ReferenceBits } from './segment-limits.js';

/**
 * Measures text in segment units without encoding it: billing counts segments for every message,
 * so this is one pass with one table read per character and no allocation.
 *
 * A "character" here is what must stay inside one segment: one UTF-16 unit, except a UCS2
 * surrogate pair. Its cost is the units it takes: septets (2 for a GSM extension character, whose
 * escape pair must not split), UCS2 code units, or bytes (2 for a GBK double-byte character).
 */

const ASCII_COSTS = new Uint8Array(0x10000).fill(1, 0, 0x80);
const LATIN1_COSTS = new Uint8Array(0x10000).fill(1, 0, 0x100);
const EMPTY_COSTS = new Uint8Array(0x10000);

/** Cost per UTF-16 unit (0 = cannot encode), or null for ucs2, which is measured pair-aware. */
function costTable(encoding: TextEncoding): Uint8Array | null {
  switch (encoding) {
    case 'gsm7':
      return GSM7_SEPTETS_OF;
    case 'ascii':
      return ASCII_COSTS;
    case 'latin1':
      return LATIN1_COSTS;
    case 'gbk':
      return gbkByteCosts();
    case 'ucs2':
      return null;
    case 'binary':
      // Binary content is bytes; no character of a text has a binary form.
      return EMPTY_COSTS;
  }
}

/**
 * Width in UTF-16 units of the character at `i` in the high bits, its cost in the low byte;
 * 0 when the encoding cannot represent it.
 */
function characterAt(text: string, i: number, costs: Uint8Array | null): number {
  const unit = text.charCodeAt(i);
  if (costs !== null) return (1 << 8) | (costs[unit] ?? 0);
  if (unit < 0xd800 || unit > 0xdfff) return (1 << 8) | 1;
  if (unit <= 0xdbff) {
    const next = text.charCodeAt(i + 1);
    if (next >= 0xdc00 && next <= 0xdfff) return (2 << 8) | 2;
  }
  return 0;
}

export type Measure =
  | { readonly ok: true; readonly segments: number }
  /** `position`: UTF-16 index of the first character the encoding cannot represent. */
  | { readonly ok: false; readonly position: number };

/** Segments `text` needs in `encoding`. */
export function measure(text: string, encoding: TextEncoding, referenceBits: ReferenceBits): Measure {
  const limits = SEGMENT_LIMITS[encoding];
  const capacity = perPart(limits, referenceBits);
  const costs = costTable(encoding);
  let total = 0;
  // Parts counted as if the text were long; used only when it is.
  let parts = 1;
  let used = 0;
  for (let i = 0; i < text.length;) {
    const character = characterAt(text, i, costs);
    const cost = character & 0xff;
    if (cost === 0) return { ok: false, position: i };
    total += cost;
    if (used + cost > capacity) {
      parts++;
      used = 0;
    }
    used += cost;
    i += character >>> 8;
  }
  return { ok: true, segments: total <= limits.single ? 1 : parts };
}

/**
 * UTF-16 index where each segment ends (the last is text.length). The caller has checked with
 * `measure` that the text is representable.
 */
export function segmentEnds(text: string, encoding: TextEncoding, referenceBits: ReferenceBits): number[] {
  const limits = SEGMENT_LIMITS[encoding];
  const costs = costTable(encoding);
  let total = 0;
  for (let i = 0; i < text.length;) {
    const character = characterAt(text, i, costs);
    total += character & 0xff;
    i += character >>> 8 || 1;
  }
  if (total <= limits.single) return [text.length];
  const capacity = perPart(limits, referenceBits);
  const ends: number[] = [];
  let used = 0;
  for (let i = 0; i < text.length;) {
    const character = characterAt(text, i, costs);
    const cost = character & 0xff;
    if (used + cost > capacity) {
      ends.push(i);
      used = 0;
    }
    used += cost;
    i += character >>> 8 || 1;
  }
  ends.push(text.length);
  return ends;
}
