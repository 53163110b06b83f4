import iconv from 'iconv-lite';
import { EncodingError, TextDecodeError } from '../errors.js';

/**
 * GBK text (CMPP/SGIP/SMGP Msg_Fmt 15). We send GBK — one byte for ASCII, two for a Chinese
 * character — because that is what handsets behind Chinese gateways reliably show; we read
 * GB18030, its superset, because gateways forward whatever the handset sent.
 *
 * iconv-lite turns characters it cannot encode into '?', so every character is checked against
 * a byte-cost table first and an unencodable one is reported, never replaced.
 */

let byteCosts: Uint8Array | undefined;

/**
 * UTF-16 code unit → bytes it takes in GBK (1 or 2), 0 when GBK has no code for it. Built on first
 * use by decoding every two-byte GBK code once (a few milliseconds), so processes that never send
 * GBK never pay for it.
 */
export function gbkByteCosts(): Uint8Array {
  byteCosts ??= buildByteCosts();
  return byteCosts;
}

function buildByteCosts(): Uint8Array {
  const costs = new Uint8Array(0x10000);
  costs.fill(1, 0, 0x80);
  // cp936 puts the euro sign at the single byte 0x80; iconv-lite's gbk encoder and gb18030
  // decoder both follow it.
  costs[0x20ac] = 1;
  const codes: number[] = [];
  for (let lead = 0x81; lead <= 0xfe; lead++) {
    for (let trail = 0x40; trail <= 0xfe; trail++) {
      if (trail !== 0x7f) codes.push(lead, trail);
    }
  }
  const chars = iconv.decode(Buffer.from(codes), 'gbk');
  for (let i = 0; i < chars.length; i++) {
    const unit = chars.charCodeAt(i);
    if (unit !== 0xfffd && costs[unit] === 0) costs[unit] = 2;
  }
  return costs;
}

/** Index of the first character GBK cannot encode, or -1. */
export function firstNonGbk(text: string): number {
  const costs = gbkByteCosts();
  for (let i = 0; i < text.length; i++) {
    if (costs[text.charCodeAt(i)] === 0) return i;
  }
  return -1;
}

export function encodeGbk(text: string): Buffer {
  const bad = firstNonGbk(text);
  if (bad >= 0) throw EncodingError.unencodable('gbk', text, bad);
  return iconv.encode(text, 'gbk');
}

/**
 * Decodes GB18030 (so GBK and GB2312 too). The byte structure is checked first so a broken
 * sequence is reported with its offset instead of coming back as U+FFFD.
 */
export function decodeGbk(bytes: Uint8Array): string {
  const bad = firstMalformedGb18030(bytes);
  if (bad >= 0)
    throw new TextDecodeError(
      'gbk',
      `malformed GB18030 sequence starting with 0x${(bytes[bad] ?? 0).toString(16)}`,
      bad,
    );
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'gb18030');
}

/** GB18030 structure: 00–80 single; 81–FE then 40–7E/80–FE; or 81–FE 30–39 81–FE 30–39. */
function firstMalformedGb18030(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? 0;
    if (lead <= 0x80) {
      i += 1;
      continue;
    }
    if (lead === 0xff) return i;
    const second = bytes[i + 1];
    if (second === undefined) return i;
    if (second >= 0x30 && second <= 0x39) {
      const third = bytes[i + 2];
      const fourth = bytes[i + 3];
      if (third === undefined || fourth === undefined) return i;
      if (third < 0x81 || third > 0xfe || fourth < 0x30 || fourth > 0x39) return i;
      i += 4;
      continue;
    }
    if (second < 0x40 || second === 0x7f || second === 0xff) return i;
    i += 2;
  }
  return -1;
}
