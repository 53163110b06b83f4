/**
 * SMPP time fields (3.4 §7.1.1): absolute "YYMMDDhhmmsstnnp" — t tenths of a second, nn the
 * offset from UTC in quarter hours, p '+' (local time ahead of UTC) or '-' — and relative
 * "YYMMDDhhmmss000R" (an interval from now). Also the 10/12-digit dates of receipt text.
 */

/** Absolute time written in UTC ("…t00+"), as schedule_delivery_time / validity_period. */
export function formatSmppTime(date: Date): string {
  const tenths = Math.floor(date.getUTCMilliseconds() / 100);
  return `${utcDigits(date, true)}${tenths}00+`;
}

/** A relative period ("…000R"): the SMSC counts it from when it receives the PDU. */
export function formatRelativeSmppTime(seconds: number): string {
  if (!(seconds >= 0) || !Number.isInteger(seconds))
    throw new RangeError(`relative SMPP time needs whole seconds ≥ 0, got ${seconds}`);
  let rest = seconds;
  const ss = rest % 60;
  rest = (rest - ss) / 60;
  const mm = rest % 60;
  rest = (rest - mm) / 60;
  const hh = rest % 24;
  const days = (rest - hh) / 24;
  // Whole days only: months and years have no fixed length, so they stay 00.
  if (days > 99) throw new RangeError(`relative SMPP time of ${seconds} s exceeds 99 days`);
  return `0000${two(days)}${two(hh)}${two(mm)}${two(ss)}000R`;
}

/**
 * Reads an absolute or relative SMPP time; undefined for '' or anything malformed. Two-digit
 * years are taken as 20YY. A relative time is added to `now`.
 */
export function parseSmppTime(text: string, now: Date = new Date()): Date | undefined {
  if (text.length !== 16) return undefined;
  const yy = digits(text, 0, 2);
  const mo = digits(text, 2, 2);
  const dd = digits(text, 4, 2);
  const hh = digits(text, 6, 2);
  const mi = digits(text, 8, 2);
  const ss = digits(text, 10, 2);
  const t = digits(text, 12, 1);
  const nn = digits(text, 13, 2);
  if (yy < 0 || mo < 0 || dd < 0 || hh < 0 || mi < 0 || ss < 0 || t < 0 || nn < 0) return undefined;
  const p = text[15];
  if (p === 'R') {
    const at = new Date(now.getTime());
    at.setUTCFullYear(at.getUTCFullYear() + yy, at.getUTCMonth() + mo, at.getUTCDate() + dd);
    at.setUTCHours(at.getUTCHours() + hh, at.getUTCMinutes() + mi, at.getUTCSeconds() + ss);
    return at;
  }
  if ((p !== '+' && p !== '-') || nn > 48 || mo < 1 || mo > 12 || dd < 1 || dd > 31 || hh > 23 || mi > 59 || ss > 59) {
    return undefined;
  }
  const local = Date.UTC(2000 + yy, mo - 1, dd, hh, mi, ss, t * 100);
  const offsetMs = nn * 15 * 60_000;
  return new Date(p === '+' ? local - offsetMs : local + offsetMs);
}

/** "YYMMDDhhmm" as receipt text carries it, in the zone `utcOffsetMinutes` east of UTC. */
export function formatReceiptDate(date: Date, utcOffsetMinutes = 0): string {
  return utcDigits(new Date(date.getTime() + utcOffsetMinutes * 60_000), false);
}

/** Reads "YYMMDDhhmm" or "YYMMDDhhmmss" in the zone `utcOffsetMinutes` east of UTC. */
export function parseReceiptDate(text: string, utcOffsetMinutes = 0): Date | undefined {
  if (text.length !== 10 && text.length !== 12) return undefined;
  const yy = digits(text, 0, 2);
  const mo = digits(text, 2, 2);
  const dd = digits(text, 4, 2);
  const hh = digits(text, 6, 2);
  const mi = digits(text, 8, 2);
  const ss = text.length === 12 ? digits(text, 10, 2) : 0;
  if (yy < 0 || mo < 1 || mo > 12 || dd < 1 || dd > 31 || hh < 0 || hh > 23 || mi < 0 || mi > 59 || ss < 0 || ss > 59) {
    return undefined;
  }
  return new Date(Date.UTC(2000 + yy, mo - 1, dd, hh, mi, ss) - utcOffsetMinutes * 60_000);
}

function utcDigits(date: Date, withSeconds: boolean): string {
  const base =
    two(date.getUTCFullYear() % 100) +
    two(date.getUTCMonth() + 1) +
    two(date.getUTCDate()) +
    two(date.getUTCHours()) +
    two(date.getUTCMinutes());
  return withSeconds ? base + two(date.getUTCSeconds()) : base;
}

function two(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/** The decimal value of `count` ASCII digits at `start`, or -1 if any is not a digit. */
function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}
