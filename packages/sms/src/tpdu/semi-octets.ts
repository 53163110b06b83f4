import { TpduError } from './tpdu-error.js';

/**
 * Semi-octet representation (3GPP TS 23.040 §9.1.2.3): two BCD digits per octet, the first digit
 * in the low nibble; an odd count ends with the filler 0xF in the last high nibble. Addresses may
 * also carry '*', '#' and 'a'–'c' (nibbles 0xA–0xE, §9.1.2.5 via TS 24.008 table 10.5.118).
 */

const DIGIT_OF_NIBBLE = '0123456789*#abc';
const FILLER = 0x0f;

/** Octets `digitCount` semi-octets take. */
export function semiOctetSize(digitCount: number): number {
  return Math.ceil(digitCount / 2);
}

/** Writes `digits` into `out` at `at`, filling an odd last nibble with 0xF. */
export function writeSemiOctets(out: Buffer, at: number, digits: string, tpdu: string, field: string): void {
  for (let i = 0; i < digits.length; i += 2) {
    const low = nibbleOf(digits, i, tpdu, field);
    const high = i + 1 < digits.length ? nibbleOf(digits, i + 1, tpdu, field) : FILLER;
    out[at + (i >>> 1)] = (high << 4) | low;
  }
}

/** Reads `digitCount` semi-octets from `octets`; a filler inside the count is an error. */
export function readSemiOctets(
  octets: Buffer,
  digitCount: number,
  tpdu: string,
  field: string,
  offset: number,
): string {
  let digits = '';
  for (let i = 0; i < digitCount; i++) {
    const octet = octets[i >>> 1] ?? FILLER;
    const nibble = (i & 1) === 0 ? octet & 0x0f : octet >>> 4;
    const digit = DIGIT_OF_NIBBLE[nibble];
    if (digit === undefined)
      throw new TpduError(
        tpdu,
        `${field} has the filler nibble at digit ${i + 1} of ${digitCount}`,
        offset + (i >>> 1),
      );
    digits += digit;
  }
  return digits;
}

/** One octet holding a two-digit decimal number, units in the high nibble (time stamps, §9.2.3.11). */
export function swappedDecimal(value: number): number {
  return ((value % 10) << 4) | Math.floor(value / 10);
}

/** Reads a swapped two-digit decimal; returns -1 when either nibble is not a decimal digit. */
export function readSwappedDecimal(octet: number): number {
  const tens = octet & 0x0f;
  const units = octet >>> 4;
  if (tens > 9 || units > 9) return -1;
  return tens * 10 + units;
}

function nibbleOf(digits: string, index: number, tpdu: string, field: string): number {
  const char = digits.charAt(index);
  const nibble = DIGIT_OF_NIBBLE.indexOf(char === 'A' || char === 'B' || char === 'C' ? char.toLowerCase() : char);
  if (nibble < 0 || char === '') {
    throw new TpduError(
      tpdu,
      `${field} ${JSON.stringify(digits)} has ${JSON.stringify(char)} at position ${index}; only 0-9 * # a b c are allowed`,
    );
  }
  return nibble;
}
