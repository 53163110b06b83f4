import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { iotSegment, mobileSegment } from './segment-table.js';

/**
 * One recipient number as people type it → the forms we route and store. Chinese mobiles become
 * their 11-digit national number (what CMPP/SGIP/SMGP expect) plus E.164 digits, judged by our
 * number segment table (it also names the carrier); anything dialled with `+` or `00` and another
 * country code becomes E.164 digits once libphonenumber's numbering plans (libphonenumber-js,
 * full metadata) say a number range of that country covers it: country codes, lengths and ranges
 * change every month somewhere, and a number no plan has is charged and then fails at the
 * carrier. Runs once per recipient at intake (up to 10,000 per request): one pass over the
 * characters, the plan lookup only for international numbers; never throws.
 */

export type NumberRejection =
  | 'empty'
  | 'invalid-characters'
  | 'invalid-length'
  /** The digits are not a number range that exists (country code 0, Chinese prefix not in the table). */
  | 'invalid-prefix'
  /** A 13-digit Chinese IoT number: a real range, but not one we send to yet. */
  | 'iot-number';

export type NumberResult =
  | { readonly ok: true; readonly kind: 'cn-mobile'; readonly national: string; readonly e164: string }
  /** `country`: ISO 3166 region of the number; absent for non-geographic codes (+800, +882 …). */
  | { readonly ok: true; readonly kind: 'international'; readonly e164: string; readonly country?: string }
  | { readonly ok: false; readonly reason: NumberRejection; readonly message: string };

/** Longer input is not a phone number, however many separators it has. */
const MAX_RAW_LENGTH = 64;
/** E.164: at most 15 digits; the shortest numbers in use (3-digit country code + 4 digits) have 7. */
const E164_MIN = 7;
const E164_MAX = 15;
const CN_MOBILE_LENGTH = 11;
const CN_IOT_LENGTH = 13;

export function normalizeNumber(raw: string): NumberResult {
  if (typeof raw !== 'string') return reject('invalid-characters', 'a number must be text');
  if (raw.length > MAX_RAW_LENGTH)
    return reject('invalid-length', `${MAX_RAW_LENGTH}+ characters is not a phone number`);

  // Digits are copied a run at a time (between separators), not one character at a time.
  let digits = '';
  let runStart = 0;
  let plus = false;
  for (let i = 0; i < raw.length; i++) {
    const code = raw.charCodeAt(i);
    if (code >= 0x30 && code <= 0x39) continue;
    if (code === 0x20 || code === 0x09 || code === 0x2d || code === 0x28 || code === 0x29) {
      // space, tab, '-', '(', ')' only group digits for the eye
    } else if (code === 0x2b && !plus && digits === '' && runStart === i) {
      plus = true;
    } else {
      return reject(
        'invalid-characters',
        `${quote(raw)}: unexpected ${JSON.stringify(raw.charAt(i))} at position ${i}`,
      );
    }
    if (i > runStart) digits += raw.slice(runStart, i);
    runStart = i + 1;
  }
  digits += raw.slice(runStart);
  if (digits === '') return reject('empty', raw.trim() === '' ? 'no number given' : `${quote(raw)} has no digits`);

  if (plus || digits.startsWith('00')) {
    const e164 = plus ? digits : digits.slice(2);
    if (e164.startsWith('86')) return chinese(e164.slice(2), raw);
    if (e164 === '') return reject('empty', `${quote(raw)} has no digits after the international prefix`);
    if (e164.charCodeAt(0) === 0x30)
      return reject('invalid-prefix', `${quote(raw)}: a country code never starts with 0`);
    if (e164.length < E164_MIN || e164.length > E164_MAX) {
      return reject(
        'invalid-length',
        `${quote(raw)}: an international number has ${E164_MIN}–${E164_MAX} digits, got ${e164.length}`,
      );
    }
    return international(e164, raw);
  }
  // 86 in front of a 13-digit number is the country code written without + or 00.
  if (digits.length === CN_MOBILE_LENGTH + 2 && digits.startsWith('86')) return chinese(digits.slice(2), raw);
  return chinese(digits, raw);
}

function international(e164: string, raw: string): NumberResult {
  const number = parsePhoneNumberFromString(`+${e164}`);
  if (number === undefined) {
    return reject('invalid-prefix', `${quote(raw)}: +${e164} begins with no country calling code in use`);
  }
  const where = number.country ?? `+${number.countryCallingCode}`;
  if (!number.isPossible()) {
    return reject('invalid-length', `${quote(raw)}: ${where} numbers do not have ${e164.length} digits`);
  }
  if (!number.isValid()) {
    return reject('invalid-prefix', `${quote(raw)}: no number range of ${where} covers +${e164}`);
  }
  return number.country === undefined
    ? { ok: true, kind: 'international', e164 }
    : { ok: true, kind: 'international', e164, country: number.country };
}

function chinese(national: string, raw: string): NumberResult {
  if (national.length === CN_IOT_LENGTH && iotSegment(national) !== undefined) {
    return reject('iot-number', `${quote(raw)} is a 13-digit IoT number; only 11-digit mobiles are supported`);
  }
  if (national.length !== CN_MOBILE_LENGTH) {
    return reject('invalid-length', `${quote(raw)}: a Chinese mobile number has 11 digits, got ${national.length}`);
  }
  if (mobileSegment(national) === undefined) {
    return reject('invalid-prefix', `${quote(raw)}: no Chinese mobile range covers ${national}`);
  }
  return { ok: true, kind: 'cn-mobile', national, e164: `86${national}` };
}

function reject(reason: NumberRejection, message: string): NumberResult {
  return { ok: false, reason, message };
}

function quote(raw: string): string {
  return JSON.stringify(raw);
}
