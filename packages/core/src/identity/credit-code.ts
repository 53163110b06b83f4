/**
 * The unified social credit code (统一社会信用代码) of GB 32100-2015: 18 characters from a
 * 31-character alphabet (the digits and the capitals without I, O, Z, S, V), the last one a check
 * character over the first 17 (§5, check by ISO 7064 MOD 31-3 with the weights of Table 2).
 */

/** GB 32100-2015 Table 1: the characters and their values, in order. */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** GB 32100-2015 §5.2: the weight of each of the first 17 positions (3^(i) mod 31). */
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

export type CreditCodeProblem = 'invalid_length' | 'invalid_character' | 'bad_check_character';

export type CreditCodeCheck =
  { readonly ok: true; readonly code: string } | { readonly ok: false; readonly reason: CreditCodeProblem };

/** The check character GB 32100 gives the first 17 characters; null if one is not in the alphabet. */
export function creditCodeCheckCharacter(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_ALPHABET.indexOf(first17.charAt(i));
    if (value < 0) return null;
    sum += value * (WEIGHTS[i] as number);
  }
  const check = (31 - (sum % 31)) % 31;
  return CREDIT_CODE_ALPHABET.charAt(check);
}

/**
 * Checks a credit code as typed: surrounding spaces are dropped and lower case is read as upper
 * case (people copy codes from licences); anything else must be exact. `code` is the stored form.
 */
export function checkCreditCode(input: string): CreditCodeCheck {
  const code = input.trim().toUpperCase();
  if (code.length !== 18) return { ok: false, reason: 'invalid_length' };
  for (const character of code) {
    if (!CREDIT_CODE_ALPHABET.includes(character)) return { ok: false, reason: 'invalid_character' };
  }
  if (creditCodeCheckCharacter(code.slice(0, 17)) !== code.charAt(17)) {
    return { ok: false, reason: 'bad_check_character' };
  }
  return { ok: true, code };
}
