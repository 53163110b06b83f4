import { readSwappedDecimal, swappedDecimal } from './semi-octets.js';
import { TpduError } from './tpdu-error.js';
import type { TpduReader } from './tpdu-reader.js';
import type { TpduWriter } from './tpdu-writer.js';

/**
 * TP-Service-Centre-Time-Stamp (3GPP TS 23.040 §9.2.3.11), also the layout of TP-DT and of an
 * absolute TP-VP: seven swapped-decimal octets YY MM DD hh mm ss TZ, local time of the service
 * centre. TZ counts quarters of an hour from GMT; bit 3 of its octet (the high bit of the first
 * semi-octet) is the sign, 1 = negative.
 */
export interface ServiceCentreTime {
  /** The instant, whole seconds. */
  readonly date: Date;
  /** Local time minus GMT, in minutes (a multiple of 15, ±1185 at most). */
  readonly offsetMinutes: number;
}

export const TIMESTAMP_SIZE = 7;

/** Two-digit years from 90 on are 19xx: the format predates 2000 and handsets still use this pivot. */
const CENTURY_PIVOT = 90;

export function writeTimestamp(writer: TpduWriter, time: ServiceCentreTime, field: string): void {
  const quarters = time.offsetMinutes / 15;
  if (!Number.isInteger(quarters) || Math.abs(quarters) > 79) {
    throw new TpduError(
      writer.tpdu,
      `${field} offset ${time.offsetMinutes} min is not a whole number of quarter hours within ±79`,
    );
  }
  const millis = time.date.getTime();
  if (Number.isNaN(millis)) throw new TpduError(writer.tpdu, `${field} is not a valid date`);
  const local = new Date(millis + time.offsetMinutes * 60_000);
  const year = local.getUTCFullYear();
  if (year < 1900 + CENTURY_PIVOT || year >= 2000 + CENTURY_PIVOT) {
    throw new TpduError(
      writer.tpdu,
      `${field} year ${year} is outside ${1900 + CENTURY_PIVOT}–${2000 + CENTURY_PIVOT - 1}`,
    );
  }
  writer
    .u8(swappedDecimal(year % 100))
    .u8(swappedDecimal(local.getUTCMonth() + 1))
    .u8(swappedDecimal(local.getUTCDate()))
    .u8(swappedDecimal(local.getUTCHours()))
    .u8(swappedDecimal(local.getUTCMinutes()))
    .u8(swappedDecimal(local.getUTCSeconds()))
    .u8(swappedDecimal(Math.abs(quarters)) | (quarters < 0 ? 0x08 : 0));
}

export function readTimestamp(reader: TpduReader, field: string): ServiceCentreTime {
  const start = reader.offset;
  const octets = reader.bytes(TIMESTAMP_SIZE, field);
  const values: number[] = [];
  for (let i = 0; i < 6; i++) {
    const value = readSwappedDecimal(octets[i] ?? 0xff);
    if (value < 0) throw reader.fail(`${field} has a non-decimal semi-octet`, start + i);
    values.push(value);
  }
  const [yy = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = values;
  const tz = octets[6] ?? 0;
  const quarters = readSwappedDecimal(tz & 0xf7);
  if (quarters < 0) throw reader.fail(`${field} time zone has a non-decimal semi-octet`, start + 6);
  const offsetMinutes = ((tz & 0x08) !== 0 ? -quarters : quarters) * 15;
  const year = yy >= CENTURY_PIVOT ? 1900 + yy : 2000 + yy;
  const localMillis = Date.UTC(year, month - 1, day, hour, minute, second);
  const local = new Date(localMillis);
  if (
    month < 1 ||
    month > 12 ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    local.getUTCDate() !== day ||
    local.getUTCMonth() !== month - 1
  ) {
    throw reader.fail(`${field} ${yy}-${month}-${day} ${hour}:${minute}:${second} is not a valid time`, start);
  }
  return { date: new Date(localMillis - offsetMinutes * 60_000), offsetMinutes };
}
