import { formatSmppAbsoluteTime } from '../china-time.js';

/**
 * ExpireTime / ScheduleTime text, "yymmddhhmmsstnnp" (reference §2.4): local time, t tenths of a
 * second, nn the offset from UTC in quarter hours, p '+' or '-'. We always write Beijing time
 * with "032+" (32 × 15 min = UTC+8), the fixed suffix the reference gives.
 */
export function formatSgipTime(date: Date): string {
  return formatSmppAbsoluteTime(date);
}
