import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  countSegments,
  decodeText,
  EncodingError,
  measureText,
  SEGMENT_LIMITS,
  splitText,
  TooManySegmentsError,
  UdhError,
  type ReferenceBits,
  type SegmentOptions,
  type TextEncoding,
} from '@smshub/sms';
import { thrown } from '../thrown.js';

const hex = (bytes: Uint8Array | null): string | null => (bytes === null ? null : Buffer.from(bytes).toString('hex'));

describe('segment boundaries (protocols.md §6)', () => {
  // [name, text, options, characters per segment]
  it.each<[string, string, SegmentOptions, number[]]>([
    ['gsm7 160 fits one', 'a'.repeat(160), {}, [160]],
    ['gsm7 161 → 153 + 8', 'a'.repeat(161), {}, [153, 8]],
    ['gsm7 306 → 153 × 2', 'a'.repeat(306), {}, [153, 153]],
    ['gsm7 307 → 153 × 2 + 1', 'a'.repeat(307), {}, [153, 153, 1]],
    ['gsm7 16-bit ref 161 → 152 + 9', 'a'.repeat(161), { referenceBits: 16 }, [152, 9]],
    ['gsm7 16-bit ref 305 → 152 × 2 + 1', 'a'.repeat(305), { referenceBits: 16 }, [152, 152, 1]],
    ['gsm7 158 + € = 160 septets fits one', 'a'.repeat(158) + '€', {}, [159]],
    ['gsm7 159 + € = 161 septets splits', 'a'.repeat(159) + '€', {}, [153, 7]],
    // 152 septets used, € needs 2: the escape pair goes whole to the next part.
    ['gsm7 escape pair at the boundary moves whole', 'a'.repeat(152) + '€' + 'b'.repeat(10), {}, [152, 11]],
    // The pair that moves makes a third part: 152 | € + 151 | 1.
    ['gsm7 a moved escape pair can add a part', 'a'.repeat(152) + '€' + 'b'.repeat(152), {}, [152, 152, 1]],
    ['gsm7 escape pair ending exactly on 153', 'a'.repeat(151) + '€' + 'b'.repeat(10), {}, [152, 10]],
    ['ucs2 70 fits one', '中'.repeat(70), {}, [70]],
    ['ucs2 71 → 67 + 4', '中'.repeat(71), {}, [67, 4]],
    ['ucs2 134 → 67 × 2', '中'.repeat(134), {}, [67, 67]],
    ['ucs2 135 → 67 × 2 + 1', '中'.repeat(135), {}, [67, 67, 1]],
    ['ucs2 16-bit ref 71 → 66 + 5', '中'.repeat(71), { referenceBits: 16 }, [66, 5]],
    // 66 units used, 😀 is a surrogate pair of 2 units: it moves whole to the next part.
    ['ucs2 surrogate pair at the boundary moves whole', '中'.repeat(66) + '😀' + '文'.repeat(10), {}, [66, 12]],
    ['ucs2 a moved surrogate pair can add a part', '中'.repeat(66) + '😀' + '文'.repeat(66), {}, [66, 67, 1]],
    ['ucs2 35 emoji = 70 units fits one', '😀'.repeat(35), {}, [70]],
    ['ucs2 36 emoji = 72 units → 66 + 6 units', '😀'.repeat(36), {}, [66, 6]],
    ['gbk 70 Chinese = 140 bytes fits one', '中'.repeat(70), { encoding: 'gbk' }, [70]],
    ['gbk 71 Chinese → 67 + 4', '中'.repeat(71), { encoding: 'gbk' }, [67, 4]],
    // 133 bytes used, 中 needs 2: it moves whole.
    [
      'gbk double-byte char at the boundary moves whole',
      'a'.repeat(133) + '中' + 'b'.repeat(10),
      { encoding: 'gbk' },
      [133, 11],
    ],
    ['gbk 16-bit ref 141 bytes → 133 + 8', 'a'.repeat(141), { encoding: 'gbk', referenceBits: 16 }, [133, 8]],
    ['ascii 140 fits one', 'a'.repeat(140), { encoding: 'ascii' }, [140]],
    ['ascii 141 → 134 + 7', 'a'.repeat(141), { encoding: 'ascii' }, [134, 7]],
    ['latin1 16-bit ref 267 → 133 × 2 + 1', 'é'.repeat(267), { encoding: 'latin1', referenceBits: 16 }, [133, 133, 1]],
    ['empty text is one empty segment', '', {}, [0]],
  ])('%s', (_name, text, options, lengths) => {
    const split = splitText(text, options);
    expect(split.segments.map((segment) => segment.text.length)).toEqual(lengths);
    expect(countSegments(text, options)).toBe(lengths.length);
  });
});

describe('segment contents', () => {
  it('gives a single segment no UDH', () => {
    const split = splitText('Hi €');
    expect(split.encoding).toBe('gsm7');
    expect(split.segments).toHaveLength(1);
    expect(hex(split.segments[0]?.payload ?? null)).toBe('4869201b65'); // unpacked septets
    expect(split.segments[0]?.udh).toBeNull();
    expect(split.segments[0]?.part).toBeNull();
  });

  it('numbers the parts in an 8-bit reference UDH (reference defaults to 0)', () => {
    const split = splitText('a'.repeat(307));
    expect(split.segments.map((segment) => hex(segment.udh))).toEqual(['050003000301', '050003000302', '050003000303']);
    expect(split.segments.map((segment) => segment.part)).toEqual([
      { ref: 0, total: 3, seq: 1 },
      { ref: 0, total: 3, seq: 2 },
      { ref: 0, total: 3, seq: 3 },
    ]);
    expect(hex(split.segments[2]?.payload ?? null)).toBe('61');
  });

  it('uses the caller’s reference, 8 or 16 bits', () => {
    expect(splitText('中'.repeat(71), { reference: 0xab }).segments.map((segment) => hex(segment.udh))).toEqual([
      '050003ab0201',
      '050003ab0202',
    ]);
    expect(
      splitText('中'.repeat(71), { reference: 0x1234, referenceBits: 16 }).segments.map((segment) => hex(segment.udh)),
    ).toEqual(['0608041234' + '0201', '0608041234' + '0202']);
  });

  it('puts UTF-16BE in UCS2 payloads and keeps a pair together', () => {
    const split = splitText('中'.repeat(66) + '😀' + '文'.repeat(3), { reference: 7 });
    expect(split.encoding).toBe('ucs2');
    expect(split.segments[0]?.payload.length).toBe(132);
    expect(hex(split.segments[1]?.payload ?? null)).toBe('d83dde00' + '6587'.repeat(3));
  });

  it('puts GBK bytes in GBK payloads', () => {
    const split = splitText('a'.repeat(133) + '中文' + 'b'.repeat(4), { encoding: 'gbk' });
    expect(split.segments[0]?.payload.length).toBe(133);
    expect(hex(split.segments[1]?.payload ?? null)).toBe('d6d0cec4' + '62'.repeat(4));
  });

  it('keeps the escape pair in one payload', () => {
    const split = splitText('a'.repeat(152) + '€' + 'b'.repeat(7));
    expect(split.segments[0]?.payload.length).toBe(152);
    expect(hex(split.segments[1]?.payload ?? null)).toBe('1b65' + '62'.repeat(7));
  });
});

describe('errors', () => {
  it('allows 255 segments and refuses 256', () => {
    const limit = 'a'.repeat(153 * 255);
    expect(countSegments(limit)).toBe(255);
    expect(splitText(limit).segments).toHaveLength(255);
    const error = thrown(() => countSegments(limit + 'a'));
    expect(error).toBeInstanceOf(TooManySegmentsError);
    expect(error).toMatchObject({ segments: 256, encoding: 'gsm7' });
    expect(thrown(() => splitText(limit + 'a'))).toBeInstanceOf(TooManySegmentsError);
  });

  it.each<[number, ReferenceBits]>([
    [256, 8],
    [-1, 8],
    [1.5, 8],
    [65536, 16],
  ])('refuses reference %d with %i bits', (reference, referenceBits) => {
    expect(thrown(() => splitText('a'.repeat(200), { reference, referenceBits }))).toBeInstanceOf(UdhError);
  });

  it('refuses text the requested encoding cannot carry', () => {
    expect(thrown(() => splitText('ab中', { encoding: 'gsm7' }))).toMatchObject({ name: 'EncodingError', position: 2 });
    expect(thrown(() => countSegments('ab中', { encoding: 'latin1' }))).toBeInstanceOf(EncodingError);
    expect(thrown(() => splitText('ab', { encoding: 'binary' }))).toBeInstanceOf(EncodingError);
    expect(thrown(() => countSegments('中', { allowed: ['gsm7'] }))).toBeInstanceOf(EncodingError);
  });

  it('measureText reports the encoding it charged for', () => {
    expect(measureText('中'.repeat(71))).toEqual({ encoding: 'ucs2', segments: 2 });
    expect(measureText('中'.repeat(71), { allowed: ['gbk'] })).toEqual({ encoding: 'gbk', segments: 2 });
  });
});

describe('properties', () => {
  const gsmish = fc.string({ unit: fc.constantFrom('a', 'Z', ' ', '€', '{', '@', 'é', '\n'), maxLength: 700 });
  const anyText = fc.string({ unit: fc.constantFrom('a', '€', '中', '😀', 'é', 'ç', ' '), maxLength: 400 });
  const cases = fc.oneof(
    fc.record({ text: gsmish, options: fc.constant<SegmentOptions>({}) }),
    fc.record({ text: anyText, options: fc.constant<SegmentOptions>({}) }),
    fc.record({
      text: fc.string({ unit: 'binary', maxLength: 300 }),
      options: fc.constant<SegmentOptions>({ encoding: 'ucs2' }),
    }),
    fc.record({
      text: fc.string({ unit: fc.constantFrom('a', '中', '文', '1'), maxLength: 400 }),
      options: fc.constant<SegmentOptions>({ encoding: 'gbk' }),
    }),
  );

  it('segments concatenate back to the text, fit their limit, and countSegments agrees', () => {
    fc.assert(
      fc.property(cases, fc.constantFrom<ReferenceBits>(8, 16), ({ text, options }, referenceBits) => {
        const split = splitText(text, { ...options, referenceBits, reference: 200 });
        expect(split.segments.map((segment) => segment.text).join('')).toBe(text);
        expect(countSegments(text, { ...options, referenceBits })).toBe(split.segments.length);
        const limits = SEGMENT_LIMITS[split.encoding];
        const max =
          split.segments.length === 1 ? limits.single : referenceBits === 16 ? limits.perPartRef16 : limits.perPartRef8;
        for (const segment of split.segments) {
          expect(units(segment.payload, split.encoding)).toBeLessThanOrEqual(max);
          expect(decodeText(segment.payload, split.encoding)).toBe(segment.text);
        }
        split.segments.forEach((segment, index) => {
          if (split.segments.length > 1)
            expect(segment.part).toEqual({ ref: 200, total: split.segments.length, seq: index + 1 });
        });
      }),
    );
  });

  it('count and split agree with a wide character at every offset around the boundaries', () => {
    for (const [wide, narrow, options] of [
      ['€', 'a', {}],
      ['😀', '中', {}],
      ['中', 'a', { encoding: 'gbk' }],
    ] as const) {
      for (let offset = 125; offset < 160; offset++) {
        const text = narrow.repeat(offset) + wide + narrow.repeat(170) + wide + narrow.repeat(30);
        for (const referenceBits of [8, 16] as const) {
          const split = splitText(text, { ...options, referenceBits });
          expect(countSegments(text, { ...options, referenceBits })).toBe(split.segments.length);
          expect(split.segments.map((segment) => segment.text).join('')).toBe(text);
        }
      }
    }
  });

  it('never leaves a part that could have taken the next character', () => {
    fc.assert(
      fc.property(gsmish, (text) => {
        const split = splitText(text);
        if (split.segments.length === 1) return;
        for (const segment of split.segments.slice(0, -1)) expect(segment.payload.length).toBeGreaterThanOrEqual(152);
      }),
    );
  });
});

/** Payload size in the unit its limit counts: septets and bytes as they are, UCS2 in code units. */
function units(payload: Buffer, encoding: TextEncoding): number {
  return encoding === 'ucs2' ? payload.length / 2 : payload.length;
}
