import {
  formatSmppAbsoluteTime,
  formatYymmddhhmm,
  mmddhhmmss,
  parseDigitTime,
  resolveMmddhhmmss,
} from '../china-time.js';

/**
 * The three time forms CMPP carries, none of which has a time zone: the CONNECT timestamp
 * (MMDDHHMMSS as a number, no year), the report times (YYMMDDHHMM) and the SMPP-3.3 absolute
 * validity (YYMMDDhhmmsstnnp). Chinese gateways read them as Beijing time (UTC+8, no daylight
 * saving), so every conversion takes the offset in minutes and never the process's time zone.
 * The arithmetic is the Chinese gateways' common wall clock (../china-time.ts); these are CMPP's
 * names for it.
 */
export { BEIJING_OFFSET_MINUTES } from '../china-time.js';

/** CONNECT Timestamp: MMDDHHMMSS as a decimal number, e.g. 10-21 08:05:10 → 1021080510. */
export const connectTimestamp = mmddhhmmss;

/** The instant a CONNECT timestamp names, in the year nearest `now`; null when it is no date. */
export const resolveConnectTimestamp = resolveMmddhhmmss;

/** Report Submit_time / Done_time: YYMMDDHHMM. */
export const reportTime = formatYymmddhhmm;

/** Reads YYMMDDHHMM (years 2000–2099); undefined when it is not ten digits naming a real time. */
export function parseReportTime(text: string, offsetMinutes?: number): Date | undefined {
  return text.length === 10 ? (parseDigitTime(text, offsetMinutes) ?? undefined) : undefined;
}

/** SMPP 3.3 absolute time for ValId_Time / At_Time: YYMMDDhhmmss, tenths (0), quarter hours, sign. */
export const absoluteTime = formatSmppAbsoluteTime;
