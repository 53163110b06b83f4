import { TextDecodeError } from '../errors.js';

/**
 * 7-bit packing (3GPP TS 23.038 §6.1.2.1.1): septets are laid end to end from the least
 * significant bit of the first octet. When a user data header precedes the text, the text starts
 * on the next septet boundary counted from the start of the user data; the `fillBits` zero bits
 * in front of the first septet do that (TS 23.040 §9.2.3.24).
 */

/** Zero bits between a UDH of `udhLength` octets (its length octet included) and the first septet. */
export function septetFillBits(udhLength: number): number {
  return (7 - ((udhLength * 8) % 7)) % 7;
}

export function packGsm7(septets: Uint8Array, fillBits = 0): Buffer {
  checkFillBits(fillBits);
  const out = Buffer.alloc(Math.ceil((fillBits + septets.length * 7) / 8));
  let bit = fillBits;
  for (let i = 0; i < septets.length; i++, bit += 7) {
    const septet = septets[i] ?? 0;
    if (septet > 0x7f) throw new RangeError(`packGsm7: byte 0x${septet.toString(16)} at index ${i} is not a septet`);
    const at = bit >>> 3;
    const shift = bit & 7;
    out[at] = (out[at] ?? 0) | ((septet << shift) & 0xff);
    // A septet starting at bit 2 or later of an octet spills into the next one.
    if (shift > 1) out[at + 1] = septet >>> (8 - shift);
  }
  return out;
}

/**
 * Reads `septetCount` septets (the count comes from the protocol's user-data length: packed data
 * cannot tell trailing fill from an '@').
 */
export function unpackGsm7(packed: Uint8Array, septetCount: number, fillBits = 0): Buffer {
  checkFillBits(fillBits);
  if (!Number.isInteger(septetCount) || septetCount < 0)
    throw new RangeError(`unpackGsm7: septet count ${septetCount} is not a count`);
  const needed = Math.ceil((fillBits + septetCount * 7) / 8);
  if (packed.length < needed) {
    throw new TextDecodeError(
      'gsm7',
      `${septetCount} septets after ${fillBits} fill bits need ${needed} octets, got ${packed.length}`,
    );
  }
  const out = Buffer.allocUnsafe(septetCount);
  let bit = fillBits;
  for (let i = 0; i < septetCount; i++, bit += 7) {
    const at = bit >>> 3;
    const shift = bit & 7;
    const low = (packed[at] ?? 0) >>> shift;
    const high = shift > 1 ? (packed[at + 1] ?? 0) << (8 - shift) : 0;
    out[i] = (low | high) & 0x7f;
  }
  return out;
}

function checkFillBits(fillBits: number): void {
  if (!Number.isInteger(fillBits) || fillBits < 0 || fillBits > 6) {
    throw new RangeError(`GSM 7-bit fill bits must be 0–6, got ${fillBits}`);
  }
}
