/**
 * The three time forms CMPP carries, none of which has a time zone: the CONNECT timestamp
 * (MMDDHHMMSS as a number, no year), the report times (YYMMDDHHMM) and the SMPP-3.3 absolute
 * validity (YYMMDDhhmmsstnnp). Chinese gateways read them as Beijing time (UTC+8, no daylight
 * saving), so every conversion takes the offset in minutes and never the process's time zone.
 */
export const BEIJING_OFFSET_MINUTES = 480;

interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

function fieldsAt(date: Date, offsetMinutes: number): Fields {
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

function two(n: number): string {
  return n.toString().padStart(2, '0');
}

/** The instant whose local fields (at the offset) are these; null when they name no real date. */
function instantOf(f: Fields, offsetMinutes: number): Date | null {
  const ms = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second);
  const check = new Date(ms);
  if (
    check.getUTCFullYear() !== f.year ||
    check.getUTCMonth() !== f.month - 1 ||
    check.getUTCDate() !== f.day ||
    check.getUTCHours() !== f.hour ||
    check.getUTCMinutes() !== f.minute ||
    check.getUTCSeconds() !== f.second
  ) {
    return null;
  }
  return new Date(ms - offsetMinutes * 60_000);
}

/** CONNECT Timestamp: MMDDHHMMSS as a decimal number, e.g. 10-21 08:05:10 → 1021080510. */
export function connectTimestamp(now: Date, offsetMinutes = BEIJING_OFFSET_MINUTES): number {
  const f = fieldsAt(now, offsetMinutes);
  return (((f.month * 100 + f.day) * 100 + f.hour) * 100 + f.minute) * 100 + f.second;
}

/**
 * The instant a CONNECT timestamp names, taking the year that puts it closest to `now` (a client
 * at 23:59:59 on 31 December may be read by a gateway already in January, and the reverse).
 * Null when the digits are no date (month 13, 30 February, hour 24 …) in any of those years.
 */
export function resolveConnectTimestamp(timestamp: number, now: Date, offsetMinutes = BEIJING_OFFSET_MINUTES): Date | null {
  if (!Number.isInteger(timestamp) || timestamp < 0 || timestamp > 9_999_999_999) return null;
  const second = timestamp % 100;
  const minute = Math.floor(timestamp / 100) % 100;
  const hour = Math.floor(timestamp / 10_000) % 100;
  const day = Math.floor(timestamp / 1_000_000) % 100;
  const month = Math.floor(timestamp / 100_000_000);
  const year = fieldsAt(now, offsetMinutes).year;
  let best: Date | null = null;
  for (const candidate of [year - 1, year, year + 1]) {
    const at = instantOf({ year: candidate, month, day, hour, minute, second }, offsetMinutes);
    if (at !== null && (best === null || Math.abs(at.getTime() - now.getTime()) < Math.abs(best.getTime() - now.getTime()))) {
      best = at;
    }
  }
  return best;
}

/** Report Submit_time / Done_time: YYMMDDHHMM. */
export function reportTime(at: Date, offsetMinutes = BEIJING_OFFSET_MINUTES): string {
  const f = fieldsAt(at, offsetMinutes);
  return two(f.year % 100) + two(f.month) + two(f.day) + two(f.hour) + two(f.minute);
}

/** Reads YYMMDDHHMM (years 2000–2099); undefined when it is not ten digits naming a real time. */
export function parseReportTime(text: string, offsetMinutes = BEIJING_OFFSET_MINUTES): Date | undefined {
  if (text.length !== 10) return undefined;
  const digits: number[] = [];
  for (let i = 0; i < 10; i += 2) {
    const hi = text.charCodeAt(i) - 0x30;
    const lo = text.charCodeAt(i + 1) - 0x30;
    if (hi < 0 || hi > 9 || lo < 0 || lo > 9) return undefined;
    digits.push(hi * 10 + lo);
  }
  const [yy = 0, month = 0, day = 0, hour = 0, minute = 0] = digits;
  return instantOf({ year: 2000 + yy, month, day, hour, minute, second: 0 }, offsetMinutes) ?? undefined;
}

/**
 * SMPP 3.3 absolute time for ValId_Time / At_Time: YYMMDDhhmmss, tenths (0), the offset from UTC
 * in quarter hours (two digits) and its sign ("+" east of UTC).
 */
export function absoluteTime(at: Date, offsetMinutes = BEIJING_OFFSET_MINUTES): string {
  const f = fieldsAt(at, offsetMinutes);
  const quarters = Math.floor(Math.abs(offsetMinutes) / 15);
  return (
    two(f.year % 100) + two(f.month) + two(f.day) + two(f.hour) + two(f.minute) + two(f.second) + '0' + two(quarters) + (offsetMinutes < 0 ? '-' : '+')
  );
}
