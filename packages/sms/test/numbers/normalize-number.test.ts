import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lookupCarrier, normalizeNumber, type Carrier, type NumberRejection } from '@smshub/sms';

describe('normalizeNumber', () => {
  it.each([
    ['13800138000'],
    ['+8613800138000'],
    ['008613800138000'],
    ['8613800138000'],
    ['+86 138-0013-8000'],
    ['+86 (138) 0013 8000'],
    ['(+86)13800138000'],
    ['138 0013 8000'],
    ['\t138-0013-8000 '],
  ])('%j → Chinese mobile 13800138000', (raw) => {
    expect(normalizeNumber(raw)).toEqual({
      ok: true,
      kind: 'cn-mobile',
      national: '13800138000',
      e164: '8613800138000',
    });
  });

  it.each([
    ['+44 7400 123456', '447400123456', 'GB'],
    ['0044 7400 123456', '447400123456', 'GB'],
    ['+1 (201) 555-0123', '12015550123', 'US'],
    ['+49 151 23456789', '4915123456789', 'DE'],
    ['+6834002', '6834002', 'NU'], // Niue: 7 digits in all
  ])('%j → international %s in %s', (raw, e164, country) => {
    expect(normalizeNumber(raw)).toEqual({ ok: true, kind: 'international', e164, country });
  });

  it('accepts a non-geographic number (no country)', () => {
    expect(normalizeNumber('+800 1234 5678')).toEqual({ ok: true, kind: 'international', e164: '80012345678' });
  });

  // Judged by libphonenumber's numbering plans, not by length alone.
  it.each<[string, NumberRejection, RegExp]>([
    ['+999 1234 5678', 'invalid-prefix', /no country calling code in use/],
    ['+99912345678901', 'invalid-prefix', /no country calling code in use/],
    ['+281 1234567', 'invalid-prefix', /no country calling code in use/],
    ['+44 7700 900123', 'invalid-prefix', /no number range of \+44 covers \+447700900123/], // Ofcom's range for drama
    ['+44 7400 1234567', 'invalid-length', /\+44 numbers do not have 13 digits/],
    ['+1 415 555 26711', 'invalid-length', /digits/],
    ['+123456789012345', 'invalid-length', /digits/],
  ])('%j → %s', (raw, reason, message) => {
    expect(normalizeNumber(raw)).toMatchObject({ ok: false, reason, message: expect.stringMatching(message) });
  });

  it('keeps a number in a range no carrier serves, which lookupCarrier then cannot route', () => {
    expect(normalizeNumber('17406123456')).toMatchObject({ ok: true, kind: 'cn-mobile' });
    expect(lookupCarrier('17406123456')).toBeNull();
  });

  it.each<[string, NumberRejection]>([
    ['', 'empty'],
    ['   ', 'empty'],
    ['+', 'empty'],
    ['00', 'empty'],
    ['( - )', 'empty'],
    ['138OO138000', 'invalid-characters'],
    ['+86+13800138000', 'invalid-characters'],
    ['138+00138000', 'invalid-characters'],
    ['138.0013.8000', 'invalid-characters'],
    ['１３８００１３８０００', 'invalid-characters'], // full-width digits
    ['13800138000\n', 'invalid-characters'],
    ['tel:13800138000', 'invalid-characters'],
    ['1380013800', 'invalid-length'],
    ['138001380001', 'invalid-length'],
    ['+86 1380013800', 'invalid-length'],
    ['86138001380001', 'invalid-length'],
    ['+123456', 'invalid-length'],
    ['+1234567890123456', 'invalid-length'],
    ['1'.repeat(65), 'invalid-length'],
    ['+0123456789', 'invalid-prefix'],
    ['000123456789', 'invalid-prefix'],
    ['12012345678', 'invalid-prefix'],
    ['14012345678', 'invalid-prefix'], // IoT prefix in an 11-digit number
    ['17413000000', 'invalid-prefix'],
    ['23800138000', 'invalid-prefix'],
    ['8601012345678', 'invalid-prefix'], // a Beijing landline after 86
    ['1440123456789', 'iot-number'],
    ['+86 1440 1234 56789', 'iot-number'],
  ])('%j → %s', (raw, reason) => {
    const result = normalizeNumber(raw);
    expect(result).toMatchObject({ ok: false, reason });
    expect(result.ok === false && result.message.length).toBeGreaterThan(5);
  });

  it('names the offending character and where it is', () => {
    expect(normalizeNumber('138-0013x8000')).toMatchObject({ message: expect.stringContaining('"x" at position 8') });
  });

  it('never throws, and what it accepts has the promised shape', () => {
    const numberish = fc.string({
      unit: fc.constantFrom('0', '1', '3', '4', '6', '8', '9', '+', ' ', '-', '(', ')', 'x'),
      maxLength: 20,
    });
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), numberish), (raw) => {
        const result = normalizeNumber(raw);
        if (!result.ok) return;
        if (result.kind === 'cn-mobile') {
          expect(result.national).toMatch(/^1\d{10}$/);
          expect(result.e164).toBe(`86${result.national}`);
        } else {
          expect(result.e164).toMatch(/^[1-9]\d{6,14}$/);
          expect(result.e164.startsWith('86')).toBe(false);
        }
        // Normalising the normal form again changes nothing.
        expect(normalizeNumber(`+${result.e164}`)).toEqual(result);
      }),
    );
  });

  it('does not throw on values that are not strings', () => {
    for (const value of [undefined, null, 13800138000, {}]) {
      expect(normalizeNumber(value as unknown as string)).toMatchObject({ ok: false, reason: 'invalid-characters' });
    }
  });
});

describe('lookupCarrier', () => {
  const portability = new Map<string, Carrier>([['13800138000', 'CUCC']]);

  it.each<[string, Carrier | null]>([
    ['+86 138 0013 8000', 'CUCC'], // ported: the portability table wins
    ['13900139000', 'CMCC'], // not ported: the segment table
    ['+44 7400 123456', 'INTL'],
    ['not a number', null],
    ['12012345678', null],
  ])('%j → %s', (raw, carrier) => {
    expect(lookupCarrier(raw, portability)).toBe(carrier);
  });

  it('takes a NumberResult it already has', () => {
    expect(lookupCarrier(normalizeNumber('8613800138000'), portability)).toBe('CUCC');
    expect(lookupCarrier(normalizeNumber('8613800138000'))).toBe('CMCC');
  });
});
