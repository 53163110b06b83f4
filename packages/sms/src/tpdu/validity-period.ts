import { TIMESTAMP_SIZE } from './timestamp.js';

/**
 * TP-Validity-Period (3GPP TS 23.040 §9.2.3.12). TP-VPF in the first octet says which form follows:
 * none, relative (one octet), enhanced or absolute (seven octets each). We send the relative form;
 * the others are kept as their raw octets when read.
 */
export type ValidityPeriod =
  | { readonly format: 'relative'; readonly value: number }
  | { readonly format: 'absolute' | 'enhanced'; readonly octets: Buffer };

/** TP-VPF, bits 4–3 of the SMS-SUBMIT first octet (§9.2.3.3). */
export const VALIDITY_PERIOD_FORMAT = { none: 0b00, enhanced: 0b01, relative: 0b10, absolute: 0b11 } as const;

export function validityPeriodFormat(period: ValidityPeriod | null): number {
  if (period === null) return VALIDITY_PERIOD_FORMAT.none;
  return VALIDITY_PERIOD_FORMAT[period.format];
}

export function validityPeriodSize(period: ValidityPeriod | null): number {
  if (period === null) return 0;
  return period.format === 'relative' ? 1 : TIMESTAMP_SIZE;
}

const MINUTES_PER_DAY = 24 * 60;

/** Minutes a relative TP-VP value stands for (§9.2.3.12.1). */
export function relativeValidityMinutes(value: number): number {
  if (value <= 143) return (value + 1) * 5;
  if (value <= 167) return 12 * 60 + (value - 143) * 30;
  if (value <= 196) return (value - 166) * MINUTES_PER_DAY;
  return (value - 192) * 7 * MINUTES_PER_DAY;
}

/**
 * The largest relative TP-VP whose period does not exceed `minutes`, so a message never outlives
 * the validity it was given; under 5 minutes still gets the shortest period (0 = 5 minutes), past
 * 63 weeks the longest (255).
 */
export function relativeValidityPeriod(minutes: number): number {
  if (!(minutes > 5)) return 0;
  if (minutes <= 12 * 60) return Math.floor(minutes / 5) - 1;
  if (minutes < MINUTES_PER_DAY) return 143 + Math.floor((minutes - 12 * 60) / 30);
  if (minutes < 31 * MINUTES_PER_DAY) return Math.max(167, Math.min(196, 166 + Math.floor(minutes / MINUTES_PER_DAY)));
  return Math.min(255, 192 + Math.floor(minutes / (7 * MINUTES_PER_DAY)));
}
