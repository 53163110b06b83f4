import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildConcatUdh, parseUdh, UdhError, type ConcatInfo, type ReferenceBits } from '@smshub/sms';
import { thrown } from '../thrown.js';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const bytes = (text: string): Buffer => Buffer.from(text.replace(/ /g, ''), 'hex');

describe('buildConcatUdh (protocols.md §6)', () => {
  it.each<[ConcatInfo, ReferenceBits, string]>([
    [{ ref: 0xab, total: 3, seq: 1 }, 8, '05 00 03 ab 03 01'],
    [{ ref: 0, total: 255, seq: 255 }, 8, '05 00 03 00 ff ff'],
    [{ ref: 0x1234, total: 2, seq: 2 }, 16, '06 08 04 12 34 02 02'],
    [{ ref: 0xff, total: 1, seq: 1 }, 16, '06 08 04 00 ff 01 01'],
  ])('%j with %i-bit reference is %s', (part, referenceBits, expected) => {
    expect(hex(buildConcatUdh(part, referenceBits))).toBe(expected.replace(/ /g, ''));
  });

  it.each<[ConcatInfo, ReferenceBits]>([
    [{ ref: 256, total: 2, seq: 1 }, 8],
    [{ ref: 65536, total: 2, seq: 1 }, 16],
    [{ ref: 1, total: 0, seq: 1 }, 8],
    [{ ref: 1, total: 256, seq: 1 }, 8],
    [{ ref: 1, total: 2, seq: 0 }, 8],
    [{ ref: 1, total: 2, seq: 3 }, 8],
  ])('refuses %j with %i-bit reference', (part, referenceBits) => {
    expect(thrown(() => buildConcatUdh(part, referenceBits))).toBeInstanceOf(UdhError);
  });
});

describe('parseUdh (TS 23.040 §9.2.3.24)', () => {
  it('reads an 8-bit reference header in front of the text', () => {
    const parsed = parseUdh(bytes('05 00 03 ab 03 02 68 65 6c 6c 6f'));
    expect(parsed.headerLength).toBe(6);
    expect(parsed.concat).toEqual({ ref: 0xab, total: 3, seq: 2 });
    expect(parsed.elements.map((element) => [element.iei, hex(element.data)])).toEqual([[0x00, 'ab0302']]);
  });

  it('reads a 16-bit reference header', () => {
    const parsed = parseUdh(bytes('06 08 04 12 34 03 01 4e2d'));
    expect(parsed.headerLength).toBe(7);
    expect(parsed.concat).toEqual({ ref: 0x1234, total: 3, seq: 1 });
  });

  it('keeps other elements beside the concatenation', () => {
    // 16-bit application port addressing (IEI 0x05, 4 bytes) then concatenation.
    const parsed = parseUdh(bytes('0b 05 04 15 81 15 81 00 03 ab 02 01 ff'));
    expect(parsed.headerLength).toBe(12);
    expect(parsed.elements.map((element) => [element.iei, hex(element.data)])).toEqual([
      [0x05, '15811581'],
      [0x00, 'ab0201'],
    ]);
    expect(parsed.concat).toEqual({ ref: 0xab, total: 2, seq: 1 });
  });

  it('counts a repeated concatenation element by its last occurrence', () => {
    expect(parseUdh(bytes('0a 00 03 01 02 01 00 03 02 03 03')).concat).toEqual({ ref: 2, total: 3, seq: 3 });
  });

  it.each([
    ['05 00 03 ab 00 01', 'total 0'],
    ['05 00 03 ab 02 00', 'part 0'],
    ['05 00 03 ab 02 03', 'part past total'],
  ])('ignores concatenation counters the spec says to ignore: %s (%s)', (input) => {
    const parsed = parseUdh(bytes(input));
    expect(parsed.concat).toBeUndefined();
    expect(parsed.elements).toHaveLength(1);
  });

  it('accepts an empty header', () => {
    expect(parseUdh(bytes('00 41'))).toEqual({ headerLength: 1, elements: [] });
  });

  it.each([
    ['', 0, 'no user data'],
    ['05 00 03 ab', 0, 'UDHL past the end'],
    ['03 00 03 ab 01 01', 1, 'element longer than the header'],
    ['01 00 03', 1, 'element length octet outside the header'],
    ['04 00 02 ab 01', 1, 'concatenation element of the wrong length'],
    ['05 08 03 12 34 01', 1, '16-bit concatenation of the wrong length'],
  ])('refuses %j (offset %i): %s', (input, offset) => {
    const error = thrown(() => parseUdh(bytes(input)));
    expect(error).toBeInstanceOf(UdhError);
    expect(error).toMatchObject({ offset });
  });

  it('parse(build(p)) = p', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<ReferenceBits>(8, 16),
        fc
          .integer({ min: 1, max: 255 })
          .chain((total) => fc.record({ total: fc.constant(total), seq: fc.integer({ min: 1, max: total }) })),
        fc.integer({ min: 0, max: 0xffff }),
        (referenceBits, counters, anyRef) => {
          const part = { ref: referenceBits === 8 ? anyRef & 0xff : anyRef, ...counters };
          const udh = buildConcatUdh(part, referenceBits);
          const parsed = parseUdh(Buffer.concat([udh, Buffer.from('text')]));
          expect(parsed.headerLength).toBe(udh.length);
          expect(parsed.concat).toEqual(part);
        },
      ),
    );
  });

  it('random bytes and truncated headers only ever raise UdhError', () => {
    const truncated = fc
      .record({ ref: fc.nat(255), total: fc.integer({ min: 2, max: 9 }) })
      .chain(({ ref, total }) => fc.nat(6).map((cut) => buildConcatUdh({ ref, total, seq: 1 }, 8).subarray(0, cut)));
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 40 }), truncated), (input) => {
        try {
          const parsed = parseUdh(input);
          expect(parsed.headerLength).toBeLessThanOrEqual(input.length);
        } catch (error) {
          expect(error).toBeInstanceOf(UdhError);
        }
      }),
    );
  });
});
