/**
 * @smshub/sms — text and numbers: encodings (GSM 03.38, UCS2, Latin-1, GBK), segmentation with
 * concatenation UDH, and Chinese / international number normalisation and carrier lookup.
 * Pure functions only: never touches the network, a database, a file or the clock.
 */
export * from './text-encoding.js';
export * from './errors.js';

export { GSM7_DEFAULT_ALPHABET, GSM7_ESCAPE, GSM7_EXTENSION_TABLE } from './encodings/gsm7-alphabet.js';
export { decodeGsm7, encodeGsm7, gsm7Length, isGsm7 } from './encodings/gsm7.js';
export { packGsm7, septetFillBits, unpackGsm7 } from './encodings/gsm7-packing.js';
export { decodeText, encodeText } from './encodings/text-codec.js';
export { chooseEncoding, DEFAULT_ALLOWED_ENCODINGS, type EncodingChoice } from './encodings/choose-encoding.js';
export * from './encodings/data-coding.js';

export { MAX_SEGMENTS, SEGMENT_LIMITS, type ReferenceBits, type SegmentLimits } from './segments/segment-limits.js';
export { countSegments, measureText, type SegmentOptions } from './segments/count-segments.js';
export { splitText, type Segment, type SplitMessage } from './segments/split-text.js';
export {
  buildConcatUdh,
  IEI_CONCAT_REF16,
  IEI_CONCAT_REF8,
  parseUdh,
  type ConcatInfo,
  type InformationElement,
  type ParsedUdh,
} from './segments/udh.js';
export * from './segments/concat-assembler.js';

export type { Carrier } from './numbers/carrier.js';
export { normalizeNumber, type NumberRejection, type NumberResult } from './numbers/normalize-number.js';
export { lookupCarrier } from './numbers/lookup-carrier.js';
export { timeZoneOf } from './numbers/time-zone.js';
export * from './tpdu/index.js';
