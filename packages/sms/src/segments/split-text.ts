import { encodeText } from '../encodings/text-codec.js';
import type { TextEncoding } from '../text-encoding.js';
import { measureText, type SegmentOptions } from './count-segments.js';
import { segmentEnds } from './text-meter.js';
import { buildConcatUdh, checkReference, type ConcatInfo } from './udh.js';

export interface Segment {
  /** The part of the original text this segment carries. */
  readonly text: string;
  /** Encoded text without the UDH (GSM 7-bit as unpacked septets). */
  readonly payload: Buffer;
  /** Concatenation header, null when the message fits one segment. */
  readonly udh: Buffer | null;
  /** The counters in `udh` (protocols that carry them outside the UDH need them), null when single. */
  readonly part: ConcatInfo | null;
}

export interface SplitMessage {
  readonly encoding: TextEncoding;
  readonly segments: Segment[];
}

/**
 * Splits `text` into SMS segments (reference/protocols.md §6): a GSM escape pair, a UCS2
 * surrogate pair and a GBK double-byte character never straddle two segments. All parts share
 * `options.reference` (0 when absent: the caller should pass a per-recipient rolling value so a
 * handset does not merge two long messages).
 */
export function splitText(text: string, options: SegmentOptions = {}): SplitMessage {
  const referenceBits = options.referenceBits ?? 8;
  const reference = options.reference ?? 0;
  checkReference(reference, referenceBits);
  const { encoding } = measureText(text, options);
  const ends = segmentEnds(text, encoding, referenceBits);
  const total = ends.length;
  const segments: Segment[] = [];
  let start = 0;
  for (const end of ends) {
    const slice = text.slice(start, end);
    const part = total === 1 ? null : { ref: reference, total, seq: segments.length + 1 };
    segments.push({
      text: slice,
      payload: encodeText(slice, encoding),
      udh: part === null ? null : buildConcatUdh(part, referenceBits),
      part,
    });
    start = end;
  }
  return { encoding, segments };
}
