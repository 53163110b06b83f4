import type { TextEncoding } from '../text-encoding.js';

/**
 * How much of each encoding one SMS carries (reference/protocols.md §6). 140 octets of user data:
 * 160 septets or 140 bytes or 70 UCS2 code units alone; a 6-octet concatenation UDH (8-bit
 * reference) leaves 153 / 134 / 67 — for GSM 7-bit the header is padded to 7 septets — and a
 * 7-octet UDH (16-bit reference) leaves 152 / 133 / 66.
 *
 * Units: septets for gsm7, UTF-16 code units for ucs2, bytes for the rest.
 */
export interface SegmentLimits {
  readonly single: number;
  /** Per part of a concatenated message with the 8-bit reference UDH `05 00 03 RR TT SS`. */
  readonly perPartRef8: number;
  /** Per part with the 16-bit reference UDH `06 08 04 RR RR TT SS`. */
  readonly perPartRef16: number;
}

const BYTES: SegmentLimits = { single: 140, perPartRef8: 134, perPartRef16: 133 };

export const SEGMENT_LIMITS: Readonly<Record<TextEncoding, SegmentLimits>> = {
  gsm7: { single: 160, perPartRef8: 153, perPartRef16: 152 },
  ucs2: { single: 70, perPartRef8: 67, perPartRef16: 66 },
  ascii: BYTES,
  latin1: BYTES,
  gbk: BYTES,
  binary: BYTES,
};

/** The concatenation UDH numbers parts in one octet. */
export const MAX_SEGMENTS = 255;

export type ReferenceBits = 8 | 16;

export function perPart(limits: SegmentLimits, referenceBits: ReferenceBits): number {
  return referenceBits === 16 ? limits.perPartRef16 : limits.perPartRef8;
}
