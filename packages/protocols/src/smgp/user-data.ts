import { parseUdh, UdhError } from '@smshub/sms';
import { DecodeError } from '../engine/errors.js';

/** Content split into the UDH (when there is one) and the message bytes after it. */
export interface UserData {
  readonly udh: Buffer | null;
  readonly payload: Buffer;
  readonly concat: { readonly ref: number; readonly total: number; readonly seq: number } | null;
}

/** Reads the UDH a TP_udhi flag announced; a malformed header is the peer's bad bytes (DecodeError). */
export function splitUserData(content: Buffer, hasUdh: boolean, protocol: string): UserData {
  if (!hasUdh) return { udh: null, payload: content, concat: null };
  try {
    const parsed = parseUdh(content);
    return {
      udh: content.subarray(0, parsed.headerLength),
      payload: content.subarray(parsed.headerLength),
      concat: parsed.concat ?? null,
    };
  } catch (error) {
    if (error instanceof UdhError) throw new DecodeError(protocol, `bad user data header: ${error.message}`);
    throw error;
  }
}

/**
 * For a protocol with no UDHI flag (CNGP): content that starts with exactly a concatenation
 * header (`05 00 03 RR TT SS` or `06 08 04 RRRR TT SS`, counters valid) is taken as one part of a
 * long message. Text in ASCII, UCS2 or GBK never starts with those control bytes.
 */
export function looksLikeConcatUdh(content: Buffer): boolean {
  const [udhl, iei, iedl] = [content[0], content[1], content[2]];
  let total: number | undefined;
  let seq: number | undefined;
  if (udhl === 0x05 && iei === 0x00 && iedl === 0x03 && content.length >= 6) [total, seq] = [content[4], content[5]];
  else if (udhl === 0x06 && iei === 0x08 && iedl === 0x04 && content.length >= 7)
    [total, seq] = [content[5], content[6]];
  else return false;
  return total !== undefined && seq !== undefined && total >= 1 && seq >= 1 && seq <= total;
}

/**
 * Whether SMGP content starts with a UDH: the TP_udhi TLV decides when present; without it (SMGP
 * 2.0 peers have no TLVs, some 3.0 peers omit them) a leading concatenation header counts.
 */
export function smgpHasUdh(tpUdhi: number | undefined, content: Buffer): boolean {
  return tpUdhi === undefined ? looksLikeConcatUdh(content) : tpUdhi === 1;
}

export function joinUserData(udh: Buffer | null, payload: Buffer): Buffer {
  return udh === null || udh.length === 0 ? payload : Buffer.concat([udh, payload]);
}
