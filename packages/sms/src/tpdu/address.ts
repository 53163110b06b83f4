import { decodeGsm7, encodeGsm7 } from '../encodings/gsm7.js';
import { packGsm7, unpackGsm7 } from '../encodings/gsm7-packing.js';
import { readSemiOctets, semiOctetSize, writeSemiOctets } from './semi-octets.js';
import { TpduError } from './tpdu-error.js';
import type { TpduReader } from './tpdu-reader.js';
import type { TpduWriter } from './tpdu-writer.js';

/**
 * Addresses: TP-DA / TP-OA / TP-RA (3GPP TS 23.040 §9.1.2.5) and the service centre address in
 * front of a PDU-mode TPDU (TS 24.011 §8.2.5.2, as TS 27.005 §3.1 uses it). Both are a length, a
 * type-of-address octet (1 TON NPI) and the value in semi-octets; they differ in what the length
 * counts: TP addresses count useful semi-octets, the SC address counts octets after the length.
 */

/** Type of number, bits 6–4 of the type-of-address octet. */
export type TypeOfNumber =
  | 'unknown'
  | 'international'
  | 'national'
  | 'network-specific'
  | 'subscriber'
  | 'alphanumeric'
  | 'abbreviated'
  | 'reserved';

const TYPES_OF_NUMBER: readonly TypeOfNumber[] = [
  'unknown',
  'international',
  'national',
  'network-specific',
  'subscriber',
  'alphanumeric',
  'abbreviated',
  'reserved',
];

/** Numbering plan identifiers (bits 3–0) we name; other values pass through as numbers. */
export const NUMBERING_PLAN = { unknown: 0, isdn: 1, data: 3, telex: 4, national: 8, private: 9 } as const;

export interface TpAddress {
  readonly type: TypeOfNumber;
  /** Numbering plan identifier, 0–15 (1 = ISDN/telephone, E.164). */
  readonly plan: number;
  /** Digits (without '+', the type says international), or the text of an alphanumeric address. */
  readonly value: string;
}

/** Most semi-octets a TP address value holds: 10 octets (§9.1.2.5: the field is 2–12 octets). */
const MAX_ADDRESS_SEMI_OCTETS = 20;

/**
 * The address to send to for `number`: a leading '+' makes it international; otherwise it is read
 * as `typeOfDigits` (what the channel's recipients are: E.164 digits or national numbers).
 */
export function phoneAddress(
  number: string,
  typeOfDigits: 'international' | 'national' | 'unknown' = 'unknown',
): TpAddress {
  if (number.startsWith('+')) return { type: 'international', plan: NUMBERING_PLAN.isdn, value: number.slice(1) };
  return { type: typeOfDigits, plan: NUMBERING_PLAN.isdn, value: number };
}

/** The number as text: '+' in front of an international number, the value otherwise. */
export function formatAddress(address: TpAddress): string {
  return address.type === 'international' ? `+${address.value}` : address.value;
}

/** Octets a TP address takes, its length and type octets included. */
export function tpAddressSize(address: TpAddress, tpdu: string): number {
  return 2 + semiOctetSize(tpAddressSemiOctets(address, tpdu));
}

export function writeTpAddress(writer: TpduWriter, address: TpAddress, field: string): void {
  const semiOctets = tpAddressSemiOctets(address, writer.tpdu);
  writer.u8(semiOctets).u8(typeOfAddressOctet(address, writer.tpdu, field));
  const at = writer.reserve(semiOctetSize(semiOctets));
  if (address.type === 'alphanumeric') {
    writer.buf.set(packGsm7(encodeAlphanumeric(address.value, writer.tpdu, field)), at);
  } else {
    writeSemiOctets(writer.buf, at, address.value, writer.tpdu, field);
  }
}

export function readTpAddress(reader: TpduReader, field: string): TpAddress {
  const start = reader.offset;
  const semiOctets = reader.u8(`${field} length`);
  if (semiOctets > MAX_ADDRESS_SEMI_OCTETS)
    throw reader.fail(`${field} of ${semiOctets} semi-octets is longer than ${MAX_ADDRESS_SEMI_OCTETS}`, start);
  const toa = reader.u8(`${field} type`);
  const valueAt = reader.offset;
  const octets = reader.bytes(semiOctetSize(semiOctets), field);
  const type = TYPES_OF_NUMBER[(toa >>> 4) & 0x07] ?? 'reserved';
  const plan = toa & 0x0f;
  if (type === 'alphanumeric') {
    // The length counts semi-octets of the packed septets; a partial septet at the end is padding.
    const septets = Math.floor((semiOctets * 4) / 7);
    return { type, plan, value: decodeGsm7(unpackGsm7(octets, septets)) };
  }
  return { type, plan, value: readSemiOctets(octets, semiOctets, reader.tpdu, field, valueAt) };
}

/** Octets the service centre address takes in front of the TPDU, its length octet included. */
export function serviceCentreSize(address: TpAddress | null, tpdu: string): number {
  if (address === null) return 1;
  checkDigits(address, tpdu, 'service centre address');
  return 2 + semiOctetSize(address.value.length);
}

/** Length 00 means "use the SMSC stored on the SIM" (TS 27.005 §3.1, <pdu>). */
export function writeServiceCentre(writer: TpduWriter, address: TpAddress | null): void {
  if (address === null) {
    writer.u8(0);
    return;
  }
  const octets = semiOctetSize(address.value.length);
  writer.u8(1 + octets).u8(typeOfAddressOctet(address, writer.tpdu, 'service centre address'));
  writeSemiOctets(writer.buf, writer.reserve(octets), address.value, writer.tpdu, 'service centre address');
}

export function readServiceCentre(reader: TpduReader): TpAddress | null {
  const start = reader.offset;
  const length = reader.u8('service centre address length');
  if (length === 0) return null;
  if (length > 11) throw reader.fail(`service centre address of ${length} octets is longer than 11`, start);
  const toa = reader.u8('service centre address type');
  const valueAt = reader.offset;
  const octets = reader.bytes(length - 1, 'service centre address');
  // The length counts octets, so an odd number of digits shows only as the filler in the last one.
  let digits = octets.length * 2;
  if (digits > 0 && (octets[octets.length - 1] ?? 0) >>> 4 === 0x0f) digits--;
  const type = TYPES_OF_NUMBER[(toa >>> 4) & 0x07] ?? 'reserved';
  return {
    type,
    plan: toa & 0x0f,
    value: readSemiOctets(octets, digits, reader.tpdu, 'service centre address', valueAt),
  };
}

function tpAddressSemiOctets(address: TpAddress, tpdu: string): number {
  const semiOctets =
    address.type === 'alphanumeric'
      ? Math.ceil((encodeAlphanumeric(address.value, tpdu, 'address').length * 7) / 4)
      : checkDigits(address, tpdu, 'address');
  if (semiOctets > MAX_ADDRESS_SEMI_OCTETS) {
    throw new TpduError(
      tpdu,
      `address ${JSON.stringify(address.value)} needs ${semiOctets} semi-octets; at most ${MAX_ADDRESS_SEMI_OCTETS} fit`,
    );
  }
  return semiOctets;
}

function checkDigits(address: TpAddress, tpdu: string, field: string): number {
  if (address.type === 'alphanumeric') throw new TpduError(tpdu, `${field} cannot be alphanumeric`);
  if (address.value.length > MAX_ADDRESS_SEMI_OCTETS) {
    throw new TpduError(
      tpdu,
      `${field} ${JSON.stringify(address.value)} has more than ${MAX_ADDRESS_SEMI_OCTETS} digits`,
    );
  }
  return address.value.length;
}

function typeOfAddressOctet(address: TpAddress, tpdu: string, field: string): number {
  if (!Number.isInteger(address.plan) || address.plan < 0 || address.plan > 15) {
    throw new TpduError(tpdu, `${field} numbering plan ${address.plan} is not 0–15`);
  }
  // Bit 7 is always 1 (§9.1.2.5).
  return 0x80 | (TYPES_OF_NUMBER.indexOf(address.type) << 4) | address.plan;
}

function encodeAlphanumeric(text: string, tpdu: string, field: string): Buffer {
  try {
    return encodeGsm7(text);
  } catch (error) {
    throw new TpduError(tpdu, `${field}: alphanumeric addresses are GSM 7-bit text: ${(error as Error).message}`);
  }
}
