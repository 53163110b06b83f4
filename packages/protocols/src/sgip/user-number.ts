/**
 * SGIP writes every mobile number with the "86" country prefix (reference §2.4: "recipients,
 * each with 86 prefix"; result 6 is the refusal for a number without it). smshub carries Chinese
 * mobiles as their 11-digit national number, so the prefix is added on the way out and removed
 * on the way in.
 */
const COUNTRY = '86';
const NATIONAL_LENGTH = 11;

export function withCountryCode(number: string): string {
  const digits = number.startsWith('+') ? number.slice(1) : number;
  if (digits.startsWith(COUNTRY) && digits.length === COUNTRY.length + NATIONAL_LENGTH) return digits;
  return COUNTRY + digits;
}

/** "8613012345678" → "13012345678"; anything else is returned as the gateway wrote it. */
export function withoutCountryCode(number: string): string {
  if (number.startsWith(COUNTRY) && number.length === COUNTRY.length + NATIONAL_LENGTH)
    return number.slice(COUNTRY.length);
  return number;
}
