/**
 * The carrier message id of a segment sent through a modem: `<modem id>:<TP-MR>:<recipient>`,
 * e.g. `ttyUSB0:17:8613800138000`. A modem's TP-MR is one octet and wraps every 256 submits, so
 * the recipient (its digits as submitted) goes with it; the modem id keeps modems apart. Status
 * reports carry TP-MR and TP-RA, so a report rebuilds the same text — also after a restart, when
 * the record of what was sent is gone (then from TP-RA's digits, which match as long as the
 * network reports the number in the form it was submitted in).
 */
export function modemMessageId(modemId: string, messageReference: number, recipient: string): string {
  return `${modemId}:${messageReference}:${numberDigits(recipient)}`;
}

/** The digits of a number ('+86 138-0013-8000' → '8613800138000'). */
export function numberDigits(number: string): string {
  let digits = '';
  for (const char of number) if (char >= '0' && char <= '9') digits += char;
  return digits;
}

/**
 * Whether two renderings of a number are the same subscriber: equal digits, or one the national
 * tail of the other (13800138000 / 8613800138000), as networks often report numbers in
 * international form that were submitted in national form.
 */
export function sameNumber(a: string, b: string): boolean {
  const x = numberDigits(a);
  const y = numberDigits(b);
  if (x === y) return x !== '';
  const [short, long] = x.length < y.length ? [x, y] : [y, x];
  return short.length >= 7 && long.endsWith(short);
}
