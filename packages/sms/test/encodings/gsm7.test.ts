import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeGsm7,
  EncodingError,
  encodeGsm7,
  GSM7_DEFAULT_ALPHABET,
  GSM7_EXTENSION_TABLE,
  gsm7Length,
  isGsm7,
  packGsm7,
  septetFillBits,
  TextDecodeError,
  unpackGsm7,
} from '@smshub/sms';
import { thrown } from '../thrown.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const bytes = (text: string): Buffer => Buffer.from(text.replace(/ /g, ''), 'hex');

// 3GPP TS 23.038 §6.2.1, default alphabet: character → septet, copied from the spec's table.
const DEFAULT_TABLE: ReadonlyArray<[string, number]> = [
  ['@', 0x00],
  ['£', 0x01],
  ['$', 0x02],
  ['¥', 0x03],
  ['è', 0x04],
  ['é', 0x05],
  ['ù', 0x06],
  ['ì', 0x07],
  ['ò', 0x08],
  ['Ç', 0x09],
  ['\n', 0x0a],
  ['Ø', 0x0b],
  ['ø', 0x0c],
  ['\r', 0x0d],
  ['Å', 0x0e],
  ['å', 0x0f],
  ['Δ', 0x10],
  ['_', 0x11],
  ['Φ', 0x12],
  ['Γ', 0x13],
  ['Λ', 0x14],
  ['Ω', 0x15],
  ['Π', 0x16],
  ['Ψ', 0x17],
  ['Σ', 0x18],
  ['Θ', 0x19],
  ['Ξ', 0x1a],
  ['Æ', 0x1c],
  ['æ', 0x1d],
  ['ß', 0x1e],
  ['É', 0x1f],
  [' ', 0x20],
  ['!', 0x21],
  ['"', 0x22],
  ['#', 0x23],
  ['¤', 0x24],
  ['%', 0x25],
  ['&', 0x26],
  ["'", 0x27],
  ['(', 0x28],
  [')', 0x29],
  ['*', 0x2a],
  ['+', 0x2b],
  [',', 0x2c],
  ['-', 0x2d],
  ['.', 0x2e],
  ['/', 0x2f],
  ['0', 0x30],
  ['9', 0x39],
  [':', 0x3a],
  [';', 0x3b],
  ['<', 0x3c],
  ['=', 0x3d],
  ['>', 0x3e],
  ['?', 0x3f],
  ['¡', 0x40],
  ['A', 0x41],
  ['Z', 0x5a],
  ['Ä', 0x5b],
  ['Ö', 0x5c],
  ['Ñ', 0x5d],
  ['Ü', 0x5e],
  ['§', 0x5f],
  ['¿', 0x60],
  ['a', 0x61],
  ['z', 0x7a],
  ['ä', 0x7b],
  ['ö', 0x7c],
  ['ñ', 0x7d],
  ['ü', 0x7e],
  ['à', 0x7f],
];

// TS 23.038 §6.2.1.1, extension table reached through escape 0x1B.
const EXTENSION_TABLE: ReadonlyArray<[string, string]> = [
  ['\f', '1b0a'],
  ['^', '1b14'],
  ['{', '1b28'],
  ['}', '1b29'],
  ['\\', '1b2f'],
  ['[', '1b3c'],
  ['~', '1b3d'],
  [']', '1b3e'],
  ['|', '1b40'],
  ['€', '1b65'],
];

const GSM7_CHARS = [...GSM7_DEFAULT_ALPHABET]
  .filter((char) => char !== '\u001b')
  .concat(GSM7_EXTENSION_TABLE.map(([, char]) => char));

describe('GSM 7-bit alphabet', () => {
  it('has 128 positions', () => {
    expect(GSM7_DEFAULT_ALPHABET.length).toBe(128);
  });

  it.each(DEFAULT_TABLE)('%j ↔ septet %i', (char, septet) => {
    expect([...encodeGsm7(char)]).toEqual([septet]);
    expect(decodeGsm7(Uint8Array.of(septet))).toBe(char);
    expect(gsm7Length(char)).toBe(1);
  });

  it.each(EXTENSION_TABLE)('%j ↔ escape pair %s', (char, pair) => {
    expect(hex(encodeGsm7(char))).toBe(pair);
    expect(decodeGsm7(bytes(pair))).toBe(char);
    expect(gsm7Length(char)).toBe(2);
  });

  it('encodes mixed text septet by septet', () => {
    expect(hex(encodeGsm7('Hi {x}€'))).toBe('4869201b28781b291b65');
  });

  it.each([
    ['', 0],
    ['abc', 3],
    ['a{b}', 6],
    ['€€', 4],
    ['Ünïcode', -1],
  ])('gsm7Length(%j) = %i (−1: not GSM 7-bit)', (text, length) => {
    expect(isGsm7(text)).toBe(length >= 0);
    if (length >= 0) expect(gsm7Length(text)).toBe(length);
    else expect(() => gsm7Length(text)).toThrow(EncodingError);
  });

  it.each([
    ['abcç', 3, 'ç'], // only capital Ç is in the table
    ['ok`', 2, '`'],
    ['短信', 0, '短'],
    ['hi 😀', 3, '😀'],
  ])('refuses %j, naming the character at %i', (text, position, char) => {
    expect(isGsm7(text)).toBe(false);
    const error = thrown(() => encodeGsm7(text));
    expect(error).toBeInstanceOf(EncodingError);
    expect(error).toMatchObject({ encoding: 'gsm7', position, char });
    expect((error as Error).message).toContain(`position ${position}`);
  });

  it.each([
    ['1b41', 'A', 'escape + code the extension table lacks: the default character'],
    ['611b', 'a ', 'escape at the end: a space'],
    ['1b1b41', ' A', 'escape escape (reserved table): a space'],
  ])('decodes %s as %j (%s)', (input, text) => {
    expect(decodeGsm7(bytes(input))).toBe(text);
  });

  it.each([
    ['80', 0],
    ['4180', 1],
    ['1b80', 1],
  ])('rejects %s: not a septet', (input, offset) => {
    const error = thrown(() => decodeGsm7(bytes(input)));
    expect(error).toBeInstanceOf(TextDecodeError);
    expect(error).toMatchObject({ offset });
  });

  it('decode(encode(t)) = t over the alphabet', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...GSM7_CHARS), { maxLength: 400 }), (chars) => {
        const text = chars.join('');
        const septets = encodeGsm7(text);
        expect(septets.length).toBe(gsm7Length(text));
        expect(decodeGsm7(septets)).toBe(text);
      }),
    );
  });

  it('decoding random bytes returns text or throws TextDecodeError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (input) => {
        try {
          decodeGsm7(input);
        } catch (error) {
          expect(error).toBeInstanceOf(TextDecodeError);
        }
      }),
    );
  });
});

describe('7-bit packing', () => {
  // Bit layout of TS 23.038 §6.1.2.1.1 (septets end to end from bit 0 of the first octet).
  // "hellohello" and "How are you?" are the widely published examples; the rest were worked out
  // bit by bit from the layout (and cross-checked with a separate bit-list computation).
  it.each([
    ['hellohello', 0, 'e8329bfd4697d9ec37'],
    ['How are you?', 0, 'c8f71d14969741f977fd07'],
    // 7 septets = 49 bits: the 7th octet keeps its top 7 bits zero.
    ['AAAAAAA', 0, 'c16030180c0601'],
    // 8 septets = 56 bits fill 7 octets exactly: the 8th septet sits in the top of octets 6 and 7.
    ['AAAAAAAA', 0, 'c16030180c0683'],
    // One fill bit, as after a 6-octet concatenation UDH: the whole stream moves up one bit.
    ['hellohello', 1, 'd06536fb8d2eb3d96f'],
    ['hello', 1, 'd06536fb0d'],
    ['hello', 2, 'a0cb6cf61b'],
  ])('packs %j with %i fill bits as %s', (text, fillBits, packed) => {
    const septets = Buffer.from(text, 'latin1'); // ASCII letters have the same septet values
    expect(hex(packGsm7(septets, fillBits))).toBe(packed);
    expect(unpackGsm7(bytes(packed), septets.length, fillBits).toString('latin1')).toBe(text);
  });

  it('packs the all-ones septet across octets with 6 fill bits', () => {
    expect(hex(packGsm7(Uint8Array.of(0x7f, 0x7f, 0x7f), 6))).toBe('c0ffff07');
  });

  it.each([
    [0, 0],
    [5, 2], // UDHL 4: 40 bits, next septet boundary at 42
    [6, 1], // 05 00 03 RR TT SS: 48 bits → 49
    [7, 0], // 06 08 04 RR RR TT SS: 56 bits is a septet boundary
    [12, 2], // 96 bits → 98
  ])('a %i-octet UDH needs %i fill bits', (udhLength, fill) => {
    expect(septetFillBits(udhLength)).toBe(fill);
  });

  it('builds the user data of a concatenated part: UDH, one fill bit, packed text', () => {
    const udh = bytes('050003ab0201');
    const userData = Buffer.concat([udh, packGsm7(encodeGsm7('hellohello'), septetFillBits(udh.length))]);
    expect(hex(userData)).toBe('050003ab0201' + 'd06536fb8d2eb3d96f');
    // UDL counts septets: 7 for the padded header + 10 of text.
    const text = unpackGsm7(userData.subarray(udh.length), 17 - 7, septetFillBits(udh.length));
    expect(decodeGsm7(text)).toBe('hellohello');
  });

  it('refuses a byte that is not a septet and bad fill bits', () => {
    expect(() => packGsm7(Uint8Array.of(0x41, 0x80))).toThrow(/index 1/);
    expect(() => packGsm7(Uint8Array.of(0x41), 7)).toThrow(RangeError);
    expect(() => unpackGsm7(Uint8Array.of(0x41), 1, -1)).toThrow(RangeError);
  });

  it('reports packed data too short for the septet count', () => {
    expect(() => unpackGsm7(bytes('e8329bfd4697d9ec'), 10)).toThrow(TextDecodeError);
    expect(() => unpackGsm7(bytes('d06536fb8d2eb3d9'), 10, 1)).toThrow(TextDecodeError);
  });

  it('unpack(pack(s)) = s for any septets and fill', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 0x7f }), { maxLength: 300 }),
        fc.integer({ min: 0, max: 6 }),
        (values, fill) => {
          const septets = Uint8Array.from(values);
          const packed = packGsm7(septets, fill);
          expect(packed.length).toBe(Math.ceil((fill + 7 * septets.length) / 8));
          expect([...unpackGsm7(packed, septets.length, fill)]).toEqual(values);
        },
      ),
    );
  });

  it('unpacking random bytes returns septets or throws TextDecodeError', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 60 }),
        fc.nat(80),
        fc.integer({ min: 0, max: 6 }),
        (input, count, fill) => {
          try {
            const septets = unpackGsm7(input, count, fill);
            expect(septets.every((septet) => septet <= 0x7f)).toBe(true);
          } catch (error) {
            expect(error).toBeInstanceOf(TextDecodeError);
          }
        },
      ),
    );
  });
});
