/**
 * The citizen identity number (公民身份号码) of GB 11643-1999: a 6-digit address code, an
 * 8-digit birth date (YYYYMMDD), a 3-digit sequence and a check character computed over the first
 * 17 by ISO 7064 MOD 11-2 (§8.2), written 0–9 or X for 10.
 */

/** GB 11643-1999 §8.2: the weight of each of the first 17 positions (2^(17−i) mod 11). */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;

/** The check character for each remainder of the weighted sum mod 11. */
const CHECK_CHARACTERS = '10X98765432';

/**
 * Province-level codes of GB/T 2260 (the first two digits of the address code): 11–15 north,
 * 21–23 north-east, 31–37 east, 41–46 south-central, 50–54 south-west, 61–65 north-west, 71
 * Taiwan, 81–82 Hong Kong and Macao.
 */
// prettier-ignore
const PROVINCE_CODES: ReadonlySet<string> = new Set([
  '11', '12', '13', '14', '15',
  '21', '22', '23',
  '31', '32', '33', '34', '35', '36', '37',
  '41', '42', '43', '44', '45', '46',
  '50', '51', '52', '53', '54',
  '61', '62', '63', '64', '65',
  '71', '81', '82',
]);

export type ResidentIdProblem =
  'invalid_length' | 'invalid_character' | 'bad_region_code' | 'bad_birth_date' | 'bad_check_character';

export type ResidentIdCheck =
  | { readonly ok: true; readonly number: string; readonly birthDate: string }
  | { readonly ok: false; readonly reason: ResidentIdProblem };

/** The check character GB 11643 gives the first 17 digits. */
export function residentIdCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17.charAt(i)) * (WEIGHTS[i] as number);
  return CHECK_CHARACTERS.charAt(sum % 11);
}

/**
 * Checks an 18-character identity number: digits, a province code, a real calendar date that is
 * not after `today` (UTC calendar date; a day's difference from Beijing time cannot make a
 * living applicant's date plausible or not), and the check character. Lower-case x is read as X.
 */
export function checkResidentId(input: string, today: Date = new Date()): ResidentIdCheck {
  const number = input.trim().toUpperCase();
  if (number.length !== 18) return { ok: false, reason: 'invalid_length' };
  if (!/^\d{17}[\dX]$/.test(number)) return { ok: false, reason: 'invalid_character' };
  if (!PROVINCE_CODES.has(number.slice(0, 2))) return { ok: false, reason: 'bad_region_code' };
  const year = Number(number.slice(6, 10));
  const month = Number(number.slice(10, 12));
  const day = Number(number.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  const todayUtc = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  if (
    year < 1900 ||
    birth.getUTCFullYear() !== year ||
    birth.getUTCMonth() !== month - 1 ||
    birth.getUTCDate() !== day ||
    birth.getTime() > todayUtc
  ) {
    return { ok: false, reason: 'bad_birth_date' };
  }
  if (residentIdCheckCharacter(number.slice(0, 17)) !== number.charAt(17)) {
    return { ok: false, reason: 'bad_check_character' };
  }
  return { ok: true, number, birthDate: number.slice(6, 14) };
}
