import { readTpAddress, tpAddressSize, writeTpAddress, type TpAddress } from './address.js';
import { readDataCodingScheme, type Alphabet } from './data-coding-scheme.js';
import { TP_MTI } from './message-type.js';
import type { TpduReader } from './tpdu-reader.js';
import { TpduError } from './tpdu-error.js';
import { TpduWriter } from './tpdu-writer.js';
import { readUserData, userDataLayout, writeUserData, type DecodedUserData, type UserData } from './user-data.js';
import { TIMESTAMP_SIZE } from './timestamp.js';
import {
  VALIDITY_PERIOD_FORMAT,
  validityPeriodFormat,
  validityPeriodSize,
  type ValidityPeriod,
} from './validity-period.js';

/**
 * SMS-SUBMIT (3GPP TS 23.040 §9.2.2.2), MS → SC: what a modem sends for AT+CMGS.
 *
 *   first octet: RP(7) UDHI(6) SRR(5) VPF(4–3) RD(2) MTI(1–0) = 01
 *   TP-MR, TP-DA, TP-PID, TP-DCS, [TP-VP 0/1/7 octets], TP-UDL, TP-UD
 */
export interface SmsSubmit {
  /** TP-MR. The ME fills in its own reference on AT+CMGS and answers with it (+CMGS: <mr>). */
  readonly messageReference: number;
  readonly destination: TpAddress;
  /** TP-RD: the SC rejects a submit with the same TP-MR and TP-DA as one it still holds. */
  readonly rejectDuplicates: boolean;
  readonly replyPath: boolean;
  /** TP-SRR: ask for an SMS-STATUS-REPORT. */
  readonly statusReportRequest: boolean;
  readonly protocolIdentifier: number;
  /** TP-DCS as sent (dataCodingSchemeOf gives 0x00 for GSM 7-bit, 0x08 for UCS2). */
  readonly dataCodingScheme: number;
  readonly validityPeriod: ValidityPeriod | null;
  readonly userData: UserData;
}

export interface DecodedSubmit extends SmsSubmit {
  readonly alphabet: Alphabet;
  readonly userData: DecodedUserData;
}

const TPDU = 'sms-submit';

export function encodeSubmit(submit: SmsSubmit): Buffer {
  const { alphabet } = readDataCodingScheme(submit.dataCodingScheme);
  const period = submit.validityPeriod;
  if (period !== null) {
    if (period.format !== 'relative' && period.octets.length !== TIMESTAMP_SIZE)
      throw new TpduError(TPDU, `${period.format} TP-VP must be ${TIMESTAMP_SIZE} octets`);
  }
  const layout = userDataLayout(alphabet, submit.userData, TPDU);
  const size = 2 + tpAddressSize(submit.destination, TPDU) + 2 + validityPeriodSize(period) + 1 + layout.octets;
  const writer = new TpduWriter(TPDU, size);
  writer.u8(
    (submit.replyPath ? 0x80 : 0) |
      (submit.userData.header !== null ? 0x40 : 0) |
      (submit.statusReportRequest ? 0x20 : 0) |
      (validityPeriodFormat(period) << 3) |
      (submit.rejectDuplicates ? 0x04 : 0) |
      TP_MTI.submit,
  );
  writer.field(submit.messageReference, 'TP-MR');
  writeTpAddress(writer, submit.destination, 'TP-DA');
  writer.field(submit.protocolIdentifier, 'TP-PID').field(submit.dataCodingScheme, 'TP-DCS');
  if (period !== null) {
    if (period.format === 'relative') writer.field(period.value, 'TP-VP');
    else writer.bytes(period.octets);
  }
  writeUserData(writer, alphabet, submit.userData, layout);
  return writer.finish();
}

/** Reads an SMS-SUBMIT from `reader` (positioned after any service centre address). */
export function readSubmit(reader: TpduReader): DecodedSubmit {
  const firstAt = reader.offset;
  const first = reader.u8('first octet');
  if ((first & 0x03) !== TP_MTI.submit) throw reader.fail(`TP-MTI ${first & 0x03} is not SMS-SUBMIT (1)`, firstAt);
  const messageReference = reader.u8('TP-MR');
  const destination = readTpAddress(reader, 'TP-DA');
  const protocolIdentifier = reader.u8('TP-PID');
  const dataCodingScheme = reader.u8('TP-DCS');
  const { alphabet } = readDataCodingScheme(dataCodingScheme);
  let validityPeriod: ValidityPeriod | null = null;
  const vpf = (first >>> 3) & 0x03;
  if (vpf === VALIDITY_PERIOD_FORMAT.relative) validityPeriod = { format: 'relative', value: reader.u8('TP-VP') };
  else if (vpf === VALIDITY_PERIOD_FORMAT.absolute)
    validityPeriod = { format: 'absolute', octets: reader.bytes(TIMESTAMP_SIZE, 'TP-VP') };
  else if (vpf === VALIDITY_PERIOD_FORMAT.enhanced)
    validityPeriod = { format: 'enhanced', octets: reader.bytes(TIMESTAMP_SIZE, 'TP-VP') };
  const userData = readUserData(reader, alphabet, (first & 0x40) !== 0);
  reader.expectEnd();
  return {
    messageReference,
    destination,
    rejectDuplicates: (first & 0x04) !== 0,
    replyPath: (first & 0x80) !== 0,
    statusReportRequest: (first & 0x20) !== 0,
    protocolIdentifier,
    dataCodingScheme,
    validityPeriod,
    userData,
    alphabet,
  };
}
