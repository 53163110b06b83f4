/**
 * ExpireTime / ScheduleTime text, "yymmddhhmmsstnnp" (reference §2.4): local time, t tenths of a
 * second, nn the offset from UTC in quarter hours, p '+' or '-'. We always write Beijing time
 * with "032+" (32 × 15 min = UTC+8), the fixed suffix the reference gives.
 */
export function formatSgipTime(date: Date): string {
  const d = beijingFields(date);
  return (
    two(d.getUTCFullYear() % 100) +
    two(d.getUTCMonth() + 1) +
    two(d.getUTCDate()) +
    two(d.getUTCHours()) +
    two(d.getUTCMinutes()) +
    two(d.getUTCSeconds()) +
    '032+'
  );
}

function two(value: number): string {
  return value < 10 ? `0${value}` : String(value);
}

/** China Standard Time has been UTC+8 all year since 1991: no zone database needed. */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * `date` shifted so that its getUTC* fields read Beijing wall-clock time. The gateways' clocks
 * run on Beijing time, and a fixed zone keeps our output independent of the server's TZ.
 */
export function beijingFields(date: Date): Date {
  return new Date(date.getTime() + CHINA_OFFSET_MS);
}
