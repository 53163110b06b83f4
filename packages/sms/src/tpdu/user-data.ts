import { packGsm7, septetFillBits, unpackGsm7 } from '../encodings/gsm7-packing.js';
import { decodeText } from '../encodings/text-codec.js';
import { parseUdh, type ConcatInfo } from '../segments/udh.js';
import type { Alphabet } from './data-coding-scheme.js';
import { TpduError } from './tpdu-error.js';
import type { TpduReader } from './tpdu-reader.js';
import type { TpduWriter } from './tpdu-writer.js';

/**
 * TP-UDL and TP-UD (3GPP TS 23.040 §9.2.3.16, §9.2.3.24). With a header (TP-UDHI set) the user
 * data starts with it; in GSM 7-bit the text then starts on the next septet boundary, so fill
 * bits follow the header and TP-UDL counts the header in septets, rounded up.
 */
export interface UserData {
  /** The user data header, its UDHL octet first (as buildConcatUdh makes it); null when absent. */
  readonly header: Buffer | null;
  /** The text: unpacked septets in GSM 7-bit, octets otherwise. */
  readonly payload: Buffer;
}

export interface DecodedUserData extends UserData {
  /** Concatenation counters from the header, when it has a usable concatenation element. */
  readonly concat?: ConcatInfo;
}

/** TP-UD holds at most 140 octets: 160 septets, 140 bytes or 70 UCS2 characters. */
export const MAX_USER_DATA_OCTETS = 140;
const MAX_SEPTETS = 160;

interface UserDataLayout {
  /** The TP-UDL value. */
  readonly length: number;
  /** Octets TP-UD takes. */
  readonly octets: number;
  readonly fillBits: number;
}

export function userDataLayout(alphabet: Alphabet, data: UserData, tpdu: string): UserDataLayout {
  const headerOctets = data.header?.length ?? 0;
  if (data.header !== null && (data.header.length === 0 || data.header[0] !== data.header.length - 1)) {
    throw new TpduError(
      tpdu,
      `user data header of ${data.header.length} octets does not start with its own length (UDHL ${data.header[0] ?? 'missing'})`,
    );
  }
  let layout: UserDataLayout;
  if (alphabet === 'gsm7') {
    const fillBits = headerOctets === 0 ? 0 : septetFillBits(headerOctets);
    const length = (headerOctets * 8 + fillBits) / 7 + data.payload.length;
    layout = { length, octets: Math.ceil((length * 7) / 8), fillBits };
  } else {
    const octets = headerOctets + data.payload.length;
    layout = { length: octets, octets, fillBits: 0 };
  }
  if (layout.octets > MAX_USER_DATA_OCTETS) {
    throw new TpduError(
      tpdu,
      `user data of ${layout.octets} octets (${alphabet}, header ${headerOctets}) exceeds ${MAX_USER_DATA_OCTETS}`,
    );
  }
  return layout;
}

/** Writes TP-UDL then TP-UD, as `layout` (from userDataLayout) measured them. */
export function writeUserData(writer: TpduWriter, alphabet: Alphabet, data: UserData, layout: UserDataLayout): void {
  writer.u8(layout.length);
  if (data.header !== null) writer.bytes(data.header);
  if (alphabet !== 'gsm7') {
    writer.bytes(data.payload);
    return;
  }
  const bad = data.payload.findIndex((septet) => septet > 0x7f);
  if (bad >= 0)
    throw new TpduError(
      writer.tpdu,
      `GSM 7-bit payload byte ${bad} is 0x${(data.payload[bad] ?? 0).toString(16)}, not a septet`,
    );
  // The packed text shares no octet with the header: the fill bits sit in its first octet.
  writer.bytes(packGsm7(data.payload, layout.fillBits));
}

export function readUserData(reader: TpduReader, alphabet: Alphabet, hasHeader: boolean): DecodedUserData {
  const lengthAt = reader.offset;
  const length = reader.u8('TP-UDL');
  const septets = alphabet === 'gsm7';
  if (septets ? length > MAX_SEPTETS : length > MAX_USER_DATA_OCTETS) {
    throw reader.fail(
      `TP-UDL ${length} exceeds ${septets ? `${MAX_SEPTETS} septets` : `${MAX_USER_DATA_OCTETS} octets`}`,
      lengthAt,
    );
  }
  const dataAt = reader.offset;
  const octets = reader.bytes(septets ? Math.ceil((length * 7) / 8) : length, 'TP-UD');
  let header: Buffer | null = null;
  let concat: ConcatInfo | undefined;
  if (hasHeader) {
    try {
      const parsed = parseUdh(octets);
      header = octets.subarray(0, parsed.headerLength);
      concat = parsed.concat;
    } catch (error) {
      throw reader.fail(`user data header: ${(error as Error).message}`, dataAt);
    }
  }
  const headerOctets = header?.length ?? 0;
  let payload: Buffer;
  if (septets) {
    const fillBits = headerOctets === 0 ? 0 : septetFillBits(headerOctets);
    const headerSeptets = (headerOctets * 8 + fillBits) / 7;
    if (headerSeptets > length)
      throw reader.fail(`user data header of ${headerOctets} octets is longer than TP-UDL ${length} septets`, dataAt);
    payload = unpackGsm7(octets.subarray(headerOctets), length - headerSeptets, fillBits);
  } else {
    payload = octets.subarray(headerOctets);
  }
  return concat === undefined ? { header, payload } : { header, payload, concat };
}

/** The text of decoded user data: null for 8-bit data, which has none. */
export function userDataText(reader: TpduReader, alphabet: Alphabet, payload: Buffer): string | null {
  if (alphabet === 'binary') return null;
  try {
    return decodeText(payload, alphabet);
  } catch (error) {
    throw reader.fail(`TP-UD: ${(error as Error).message}`);
  }
}
