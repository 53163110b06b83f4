import { UdhError } from '../errors.js';
import type { ReferenceBits } from './segment-limits.js';

/**
 * The user data header (3GPP TS 23.040 §9.2.3.24): one length octet (UDHL), then information
 * elements, each IEI, IEDL, data. Concatenation is IEI 0x00 (8-bit reference) or IEI 0x08 (16-bit
 * reference), reference/protocols.md §6.
 */

export const IEI_CONCAT_REF8 = 0x00;
export const IEI_CONCAT_REF16 = 0x08;

/** Where one part sits in a long message. seq is 1-based. */
export interface ConcatInfo {
  readonly ref: number;
  readonly total: number;
  readonly seq: number;
}

export interface InformationElement {
  readonly iei: number;
  /** A view into the parsed buffer, not a copy. */
  readonly data: Buffer;
}

export interface ParsedUdh {
  /** Octets the header takes, its length octet included: the message text starts here. */
  readonly headerLength: number;
  readonly concat?: ConcatInfo;
  readonly elements: InformationElement[];
}

/** `05 00 03 RR TT SS` (8-bit reference) or `06 08 04 RR RR TT SS` (16-bit). */
export function buildConcatUdh(part: ConcatInfo, referenceBits: ReferenceBits = 8): Buffer {
  checkConcat(part, referenceBits);
  if (referenceBits === 8) return Buffer.from([0x05, IEI_CONCAT_REF8, 0x03, part.ref, part.total, part.seq]);
  return Buffer.from([0x06, IEI_CONCAT_REF16, 0x04, part.ref >>> 8, part.ref & 0xff, part.total, part.seq]);
}

export function checkConcat(part: ConcatInfo, referenceBits: ReferenceBits): void {
  checkReference(part.ref, referenceBits);
  if (!Number.isInteger(part.total) || part.total < 1 || part.total > 255)
    throw new UdhError(`total ${part.total} is not 1–255`);
  if (!Number.isInteger(part.seq) || part.seq < 1 || part.seq > part.total)
    throw new UdhError(`part ${part.seq} is not 1–${part.total}`);
}

export function checkReference(ref: number, referenceBits: ReferenceBits): void {
  if (referenceBits !== 8 && referenceBits !== 16)
    throw new UdhError(`reference bits must be 8 or 16, got ${String(referenceBits)}`);
  const max = referenceBits === 8 ? 0xff : 0xffff;
  if (!Number.isInteger(ref) || ref < 0 || ref > max)
    throw new UdhError(`reference ${ref} does not fit ${referenceBits} bits`);
}

/**
 * Reads the UDH at the start of `userData` (whose UDHI flag said there is one). Unknown elements
 * are kept in `elements`; a concatenation element whose counters TS 23.040 §9.2.3.24.1 says to
 * ignore (total 0, part 0 or part > total) yields no `concat`; a repeated one counts by its last
 * occurrence, as the same section says. A header that overruns the data or whose elements do not
 * fill it exactly is a UdhError.
 */
export function parseUdh(userData: Uint8Array): ParsedUdh {
  const data = Buffer.isBuffer(userData)
    ? userData
    : Buffer.from(userData.buffer, userData.byteOffset, userData.byteLength);
  const udhl = data[0];
  if (udhl === undefined) throw new UdhError('user data is empty but should start with a header', 0);
  const headerLength = udhl + 1;
  if (headerLength > data.length)
    throw new UdhError(`header length ${udhl} runs past the ${data.length}-byte user data`, 0);

  const elements: InformationElement[] = [];
  let concat: ConcatInfo | undefined;
  let at = 1;
  while (at < headerLength) {
    const iei = data[at] ?? 0;
    const iedl = data[at + 1];
    if (iedl === undefined || at + 2 > headerLength)
      throw new UdhError(`element 0x${hex(iei)} has no length octet inside the header`, at);
    const end = at + 2 + iedl;
    if (end > headerLength)
      throw new UdhError(`element 0x${hex(iei)} of ${iedl} bytes runs past the ${headerLength}-byte header`, at);
    const body = data.subarray(at + 2, end);
    elements.push({ iei, data: body });
    if (iei === IEI_CONCAT_REF8 || iei === IEI_CONCAT_REF16) {
      const found = readConcat(iei, body, at);
      if (found !== null) concat = found;
    }
    at = end;
  }
  return concat === undefined ? { headerLength, elements } : { headerLength, concat, elements };
}

function readConcat(iei: number, body: Buffer, at: number): ConcatInfo | null {
  const expected = iei === IEI_CONCAT_REF8 ? 3 : 4;
  if (body.length !== expected) {
    throw new UdhError(`concatenation element 0x${hex(iei)} must carry ${expected} bytes, has ${body.length}`, at);
  }
  const ref = iei === IEI_CONCAT_REF8 ? (body[0] ?? 0) : body.readUInt16BE(0);
  const total = body[expected - 2] ?? 0;
  const seq = body[expected - 1] ?? 0;
  if (total === 0 || seq === 0 || seq > total) return null;
  return { ref, total, seq };
}

function hex(value: number): string {
  return value.toString(16).padStart(2, '0');
}
