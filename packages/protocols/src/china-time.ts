/**
 * Chinese gateways (CMPP, SGIP, SMGP, CNGP) stamp every time field — login / CONNECT timestamps,
 * SGIP sequence times, MsgID minutes, RecvTime, report dates, ValidTime — in Beijing wall-clock
 * time: UTC+8, no daylight saving. A fixed offset instead of the host's zone keeps those fields
 * right on servers that run in UTC; every function takes another offset (minutes east of UTC)
 * for gateways configured otherwise.
 */
export const BEIJING_OFFSET_MINUTES = 480;

export interface WallClock {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

export function wallClock(date: Date, offsetMinutes = BEIJING_OFFSET_MINUTES): WallClock {
  const shifted = new Date(date.getTime() + offsetMinutes * 60_000);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
  };
}

/** The instant a wall-clock reading names; null when the reading is not a real date. */
export function fromWallClock(parts: WallClock, offsetMinutes = BEIJING_OFFSET_MINUTES): Date | null {
  const { year, month, day, hour, minute, second } = parts;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(utc);
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null; // 31 April, 30 February
  return new Date(utc - offsetMinutes * 60_000);
}

/**
 * How far a login timestamp (CMPP CONNECT, SMGP / CNGP Login) may be from the gateway's clock by
 * default: wide enough for clocks that drift, short for replaying a captured login. Every gateway
 * role takes `maxClockSkewMs` to change it, null to turn the check off (decision 0150).
 */
export const DEFAULT_MAX_CLOCK_SKEW_MS = 10 * 60_000;

export function pad2(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/** MMDDHHMMSS as a decimal number, e.g. 10-21 08:05:10 → 1021080510 (CMPP CONNECT, SMGP/CNGP login, SGIP sequence). */
export function mmddhhmmss(date: Date, offsetMinutes = BEIJING_OFFSET_MINUTES): number {
  const t = wallClock(date, offsetMinutes);
  return t.month * 100_000_000 + t.day * 1_000_000 + t.hour * 10_000 + t.minute * 100 + t.second;
}

/**
 * The instant a MMDDHHMMSS number names, taking the year that puts it closest to `now` (a client
 * at 23:59:59 on 31 December may be read by a gateway already in January, and the reverse).
 * Null when the digits are no date (month 13, 30 February, hour 24 …) in any of those years.
 */
export function resolveMmddhhmmss(value: number, now: Date, offsetMinutes = BEIJING_OFFSET_MINUTES): Date | null {
  if (!Number.isInteger(value) || value < 0 || value > 9_999_999_999) return null;
  const month = Math.floor(value / 100_000_000);
  const day = Math.floor(value / 1_000_000) % 100;
  const hour = Math.floor(value / 10_000) % 100;
  const minute = Math.floor(value / 100) % 100;
  const second = value % 100;
  const year = wallClock(now, offsetMinutes).year;
  let best: Date | null = null;
  for (const candidate of [year - 1, year, year + 1]) {
    const at = fromWallClock({ year: candidate, month, day, hour, minute, second }, offsetMinutes);
    if (
      at !== null &&
      (best === null || Math.abs(at.getTime() - now.getTime()) < Math.abs(best.getTime() - now.getTime()))
    )
      best = at;
  }
  return best;
}

/** YYMMDDHHMM: report submit / done dates (SMGP 3.0 §6.2.63 / reference §3.7, CMPP Submit_time / Done_time). */
export function formatYymmddhhmm(date: Date, offsetMinutes = BEIJING_OFFSET_MINUTES): string {
  const t = wallClock(date, offsetMinutes);
  return pad2(t.year % 100) + pad2(t.month) + pad2(t.day) + pad2(t.hour) + pad2(t.minute);
}

/** YYYYMMDDHHMMSS, Deliver RecvTime. */
export function formatYyyymmddhhmmss(date: Date, offsetMinutes = BEIJING_OFFSET_MINUTES): string {
  const t = wallClock(date, offsetMinutes);
  return String(t.year) + pad2(t.month) + pad2(t.day) + pad2(t.hour) + pad2(t.minute) + pad2(t.second);
}

/**
 * SMPP absolute time "YYMMDDhhmmsstnnp" for ValidTime / AtTime / ExpireTime / ValId_Time: tenths
 * 0, the offset in quarter hours from UTC and its sign (Beijing: "032+"; Huawei's CNGP SMProxy
 * and the SGIP reference write the same suffix).
 */
export function formatSmppAbsoluteTime(date: Date, offsetMinutes = BEIJING_OFFSET_MINUTES): string {
  const t = wallClock(date, offsetMinutes);
  const quarters = Math.floor(Math.abs(offsetMinutes) / 15);
  return (
    pad2(t.year % 100) +
    pad2(t.month) +
    pad2(t.day) +
    pad2(t.hour) +
    pad2(t.minute) +
    pad2(t.second) +
    '0' +
    pad2(quarters) +
    (offsetMinutes < 0 ? '-' : '+')
  );
}

function digitsAt(text: string, start: number, count: number): number | null {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x30 || code > 0x39) return null;
    value = value * 10 + (code - 0x30);
  }
  return value;
}

/** Parses YYMMDDHHMM (10 digits, years 2000–2099) or YYYYMMDDHHMMSS (14 digits); null otherwise. */
export function parseDigitTime(text: string, offsetMinutes = BEIJING_OFFSET_MINUTES): Date | null {
  if (text.length === 10) {
    const yy = digitsAt(text, 0, 2);
    const rest = [2, 4, 6, 8].map((at) => digitsAt(text, at, 2));
    if (yy === null || rest.some((v) => v === null)) return null;
    const [month, day, hour, minute] = rest as [number, number, number, number];
    return fromWallClock({ year: 2000 + yy, month, day, hour, minute, second: 0 }, offsetMinutes);
  }
  if (text.length === 14) {
    const year = digitsAt(text, 0, 4);
    const rest = [4, 6, 8, 10, 12].map((at) => digitsAt(text, at, 2));
    if (year === null || rest.some((v) => v === null)) return null;
    const [month, day, hour, minute, second] = rest as [number, number, number, number, number];
    return fromWallClock({ year, month, day, hour, minute, second }, offsetMinutes);
  }
  return null;
}
