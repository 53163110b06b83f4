import { cheapestEncoding, DEFAULT_ALLOWED_ENCODINGS, type EncodingChoice } from '../encodings/choose-encoding.js';
import { EncodingError, TooManySegmentsError } from '../errors.js';
import type { TextEncoding } from '../text-encoding.js';
import { MAX_SEGMENTS, type ReferenceBits } from './segment-limits.js';
import { measure } from './text-meter.js';

export interface SegmentOptions {
  /** Send in exactly this encoding; otherwise the cheapest of `allowed`. */
  readonly encoding?: TextEncoding;
  /** Candidates when `encoding` is not given; default gsm7 then ucs2. */
  readonly allowed?: readonly TextEncoding[];
  /** Concatenation reference, 0 when absent. Only splitText uses it. */
  readonly reference?: number;
  /** 8 (UDH `05 00 03`, the default) or 16 (`06 08 04`): the 16-bit header leaves one unit less per part. */
  readonly referenceBits?: ReferenceBits;
}

/**
 * The encoding `text` goes out in and how many segments that takes — what billing charges.
 * Throws EncodingError when the text cannot be sent in the encoding (or any allowed one) and
 * TooManySegmentsError past 255 segments.
 */
export function measureText(text: string, options: SegmentOptions = {}): EncodingChoice {
  const referenceBits = options.referenceBits ?? 8;
  let choice: EncodingChoice;
  if (options.encoding === undefined) {
    choice = cheapestEncoding(text, options.allowed ?? DEFAULT_ALLOWED_ENCODINGS, referenceBits);
  } else {
    const encoding = options.encoding;
    if (encoding === 'binary')
      throw new EncodingError('binary', 'binary messages carry bytes, not text: choose a text encoding');
    const result = measure(text, encoding, referenceBits);
    if (!result.ok) throw EncodingError.unencodable(encoding, text, result.position);
    choice = { encoding, segments: result.segments };
  }
  if (choice.segments > MAX_SEGMENTS) throw new TooManySegmentsError(choice.encoding, choice.segments);
  return choice;
}

/** Segments `text` needs: the same rules as splitText, without building any buffer. */
export function countSegments(text: string, options?: SegmentOptions): number {
  return measureText(text, options).segments;
}
