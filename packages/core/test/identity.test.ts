import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkCreditCode,
  checkResidentId,
  CREDIT_CODE_ALPHABET,
  creditCodeCheckCharacter,
  residentIdCheckCharacter,
} from '../src/index.js';

describe('unified social credit code (GB 32100-2015)', () => {
  it.each([
    // The code widely published as GB 32100's worked example (a Fuzhou company).
    '91350100M000100Y43',
    // Real, published codes: Alibaba (China) Co., Ltd. and Tencent Technology (Shenzhen).
    '91330100716105852F',
    '9144030071526726XG',
  ])('accepts %s', (code) => {
    expect(checkCreditCode(code)).toEqual({ ok: true, code });
  });

  it('reads lower case and surrounding spaces as typed from a licence', () => {
    expect(checkCreditCode(' 91350100m000100y43 ')).toEqual({ ok: true, code: '91350100M000100Y43' });
  });

  it.each([
    ['', 'invalid_length'],
    ['91350100M000100Y4', 'invalid_length'],
    ['91350100M000100Y433', 'invalid_length'],
    ['91350100M000100I43', 'invalid_character'], // I is not in the alphabet
    ['91350100M000100O43', 'invalid_character'],
    ['91350100M000100Z43', 'invalid_character'],
    ['91350100M000100S43', 'invalid_character'],
    ['91350100M000100V43', 'invalid_character'],
    ['91350100M000100Y4-', 'invalid_character'],
    ['91350100M000100Y44', 'bad_check_character'],
    ['91350100M000100Y34', 'bad_check_character'], // two characters swapped
    ['91350100M000101Y43', 'bad_check_character'], // one changed
  ])('refuses %j: %s', (code, reason) => {
    expect(checkCreditCode(code)).toEqual({ ok: false, reason });
  });

  it('gives 0 where 31 − (sum mod 31) is 31', () => {
    // 17 zeros: the sum is 0, 31 − 0 = 31 → 0.
    expect(creditCodeCheckCharacter('00000000000000000')).toBe('0');
    expect(checkCreditCode('000000000000000000').ok).toBe(true);
  });

  it('catches every change of a single character', () => {
    const alphabet = [...CREDIT_CODE_ALPHABET];
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...alphabet), { minLength: 17, maxLength: 17 }),
        fc.integer({ min: 0, max: 17 }),
        fc.constantFrom(...alphabet),
        (body, position, replacement) => {
          const code = body.join('') + creditCodeCheckCharacter(body.join(''));
          expect(checkCreditCode(code).ok).toBe(true);
          if (code.charAt(position) === replacement) return;
          const changed = code.slice(0, position) + replacement + code.slice(position + 1);
          expect(checkCreditCode(changed)).toEqual({ ok: false, reason: 'bad_check_character' });
        },
      ),
    );
  });
});

describe('citizen identity number (GB 11643-1999)', () => {
  const today = new Date('2026-06-15T00:00:00Z');

  it.each([
    // GB 11643-1999 Appendix A's examples.
    ['11010519491231002X', '19491231'],
    ['440524188001010014', '18800101'], // born 1880: its check holds, the date check below refuses it
  ])('computes the check character of the standard example %s', (number) => {
    expect(residentIdCheckCharacter(number.slice(0, 17))).toBe(number.charAt(17));
  });

  it('accepts the standard example and reads a lower-case x', () => {
    expect(checkResidentId('11010519491231002X', today)).toEqual({
      ok: true,
      number: '11010519491231002X',
      birthDate: '19491231',
    });
    expect(checkResidentId('11010519491231002x', today).ok).toBe(true);
  });

  const withCheck = (first17: string) => first17 + residentIdCheckCharacter(first17);

  it.each([
    ['', 'invalid_length'],
    ['11010519491231002', 'invalid_length'],
    ['11010519491231002XX', 'invalid_length'],
    ['1101051949123100X2', 'invalid_character'],
    ['11010519491231O02X', 'invalid_character'],
    [withCheck('09010519491231002'), 'bad_region_code'],
    [withCheck('99010519491231002'), 'bad_region_code'],
    [withCheck('11010519490231002'), 'bad_birth_date'], // 31 February
    [withCheck('11010519491301002'), 'bad_birth_date'], // month 13
    [withCheck('11010520230229002'), 'bad_birth_date'], // 2023 is not a leap year
    [withCheck('11010518991231002'), 'bad_birth_date'], // before 1900
    [withCheck('11010520260616002'), 'bad_birth_date'], // tomorrow
    ['110105194912310021', 'bad_check_character'],
    ['11010519491231003X', 'bad_check_character'],
  ])('refuses %j: %s', (number, reason) => {
    expect(checkResidentId(number, today)).toEqual({ ok: false, reason });
  });

  it('accepts a leap day and a birth today', () => {
    expect(checkResidentId(withCheck('11010520240229002'), today).ok).toBe(true);
    expect(checkResidentId(withCheck('11010520260615002'), today).ok).toBe(true);
  });

  it('catches every change of a single digit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 0, max: 9 }), (position, digit) => {
        const first17 = '11010519491231002';
        const changed = first17.slice(0, position) + String(digit) + first17.slice(position + 1);
        if (changed === first17) return;
        const result = checkResidentId(`${changed}X`, today);
        expect(result.ok).toBe(false);
      }),
    );
  });
});
