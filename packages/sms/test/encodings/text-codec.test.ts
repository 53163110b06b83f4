import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText, EncodingError, encodeText, TEXT_ENCODINGS, TextDecodeError, type TextEncoding } from '@smshub/sms';
import { gbkByteCosts } from '../../src/encodings/gbk.js';
import { thrown } from '../thrown.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const bytes = (text: string): Buffer => Buffer.from(text.replace(/ /g, ''), 'hex');

describe('encodeText / decodeText', () => {
  it.each<[string, TextEncoding, string]>([
    ['Hi€', 'gsm7', '48 69 1b65'], // unpacked septets, € through the escape (TS 23.038 §6.2.1.1)
    ['Hi!', 'ascii', '48 69 21'],
    ['café', 'latin1', '63 61 66 e9'],
    ['ÿ', 'latin1', 'ff'],
    ['中', 'ucs2', '4e2d'], // UTF-16BE, no BOM (protocols.md §1.9)
    ['a😀', 'ucs2', '0061 d83d de00'], // U+1F600 as the surrogate pair D83D DE00
    ['中文短信', 'gbk', 'd6d0 cec4 b6cc d0c5'], // GB 2312 code points of 中 文 短 信
    ['A中1', 'gbk', '41 d6d0 31'], // ASCII stays one byte
    ['€', 'gbk', '80'], // cp936 single-byte euro
  ])('%j in %s is %s', (text, encoding, expected) => {
    expect(hex(encodeText(text, encoding))).toBe(expected.replace(/ /g, ''));
    expect(decodeText(bytes(expected), encoding)).toBe(text);
  });

  it.each([
    ['94 39 fc 36', '😀'], // GB18030 four-byte form of U+1F600: linear 0xF600 from 0x90308130
    ['81 30 81 30', '\u0080'], // first four-byte code
    ['d6d0 41', '中A'],
  ])('reads GB18030 %s as %j', (input, text) => {
    expect(decodeText(bytes(input), 'gbk')).toBe(text);
  });

  it.each<[string, TextEncoding, number, string]>([
    ['abé', 'ascii', 2, 'é'],
    ['ok 中', 'latin1', 3, '中'],
    ['x😀', 'gbk', 1, '😀'],
    ['ḿ?', 'gsm7', 0, 'ḿ'],
  ])('refuses %j in %s at %i, naming %j', (text, encoding, position, char) => {
    const error = thrown(() => encodeText(text, encoding));
    expect(error).toBeInstanceOf(EncodingError);
    expect(error).toMatchObject({ encoding, position, char });
  });

  it.each([
    ['\ud83d', 0],
    ['a\ude00b', 1],
    ['ab\ud83d', 2],
  ])('refuses the unpaired surrogate in %j (position %i) in ucs2', (text, position) => {
    expect(thrown(() => encodeText(text, 'ucs2'))).toMatchObject({ name: 'EncodingError', position });
  });

  it('passes binary bytes through and refuses text for binary', () => {
    const data = Buffer.from([0x00, 0xff, 0x10]);
    expect(encodeText(data, 'binary')).toBe(data);
    expect(hex(encodeText(Uint8Array.of(1, 2), 'binary'))).toBe('0102');
    expect(thrown(() => encodeText('text', 'binary'))).toBeInstanceOf(EncodingError);
    expect(thrown(() => encodeText(data, 'ucs2'))).toBeInstanceOf(EncodingError);
    expect(thrown(() => decodeText(data, 'binary'))).toBeInstanceOf(TextDecodeError);
  });

  it.each<[string, TextEncoding, number | undefined]>([
    ['41 80', 'ascii', 1],
    ['4e2d 00', 'ucs2', 2],
    ['d6', 'gbk', 0], // lead byte without its trail
    ['41 ff', 'gbk', 1],
    ['d6 20', 'gbk', 0], // trail byte below 0x40
    ['81 30 81', 'gbk', 0], // truncated four-byte form
    ['81 30 20 30', 'gbk', 0],
    ['1b 90', 'gsm7', 1],
  ])('refuses to decode %s as %s (offset %s)', (input, encoding, offset) => {
    const error = thrown(() => decodeText(bytes(input), encoding));
    expect(error).toBeInstanceOf(TextDecodeError);
    expect(error).toMatchObject({ encoding, offset });
  });
});

/**
 * What iconv-lite itself does with each BMP code unit: the bytes it takes when iconv-lite encodes
 * it in GBK and decodes those bytes back to it, else 0.
 */
function iconvGbkCosts(): Uint8Array {
  const costs = new Uint8Array(0x10000);
  for (let unit = 0; unit < 0x10000; unit++) {
    if (unit >= 0xd800 && unit <= 0xdfff) continue;
    const char = String.fromCharCode(unit);
    const encoded = iconv.encode(char, 'gbk');
    const replaced = encoded.length === 1 && encoded[0] === 0x3f && unit !== 0x3f;
    if (!replaced && encoded.length <= 2 && iconv.decode(encoded, 'gb18030') === char) costs[unit] = encoded.length;
  }
  return costs;
}

describe('GBK byte costs', () => {
  const expected = iconvGbkCosts();
  const encodable = [...expected.keys()]
    .filter((unit) => expected[unit] !== 0)
    .map((unit) => String.fromCharCode(unit));

  it('agree with iconv-lite for every BMP code unit', () => {
    const costs = gbkByteCosts();
    const disagreements: string[] = [];
    for (let unit = 0; unit < 0x10000; unit++) {
      if (costs[unit] !== expected[unit])
        disagreements.push(`U+${unit.toString(16)}: table ${costs[unit]}, iconv-lite ${expected[unit]}`);
    }
    expect(disagreements).toEqual([]);
    // GBK has 21,886 characters besides ASCII; iconv-lite (cp936) adds the euro sign and some PUA codes.
    expect(encodable.length).toBeGreaterThan(21886 + 128);
  });

  it('decode(encode(t)) = t over GBK characters', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...encodable), { maxLength: 100 }), (chars) => {
        const text = chars.join('');
        expect(decodeText(encodeText(text, 'gbk'), 'gbk')).toBe(text);
      }),
    );
  });
});

describe('round trips over each alphabet', () => {
  const charsIn = (min: number, max: number) => fc.integer({ min, max }).map((code) => String.fromCharCode(code));

  it.each<[TextEncoding, fc.Arbitrary<string>]>([
    ['ascii', fc.string({ unit: charsIn(0, 0x7f), maxLength: 200 })],
    ['latin1', fc.string({ unit: charsIn(0, 0xff), maxLength: 200 })],
    // 'binary' units are whole code points: surrogate pairs included, never an unpaired surrogate.
    ['ucs2', fc.string({ unit: 'binary', maxLength: 200 })],
  ])('%s', (encoding, texts) => {
    fc.assert(
      fc.property(texts, (text) => {
        expect(decodeText(encodeText(text, encoding), encoding)).toBe(text);
      }),
    );
  });

  it('binary bytes come back unchanged', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (data) => {
        expect([...encodeText(data, 'binary')]).toEqual([...data]);
      }),
    );
  });

  it('decoding random bytes in any encoding returns text or throws TextDecodeError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.constantFrom(...TEXT_ENCODINGS), (data, encoding) => {
        try {
          expect(typeof decodeText(data, encoding)).toBe('string');
        } catch (error) {
          expect(error).toBeInstanceOf(TextDecodeError);
        }
      }),
    );
  });
});
