import { readTpAddress, tpAddressSize, writeTpAddress, type TpAddress } from './address.js';
import { readDataCodingScheme } from './data-coding-scheme.js';
import { TP_MTI } from './message-type.js';
import { readTimestamp, TIMESTAMP_SIZE, writeTimestamp, type ServiceCentreTime } from './timestamp.js';
import { tpStatusState, type TpStatusState } from './tp-status.js';
import type { TpduReader } from './tpdu-reader.js';
import { TpduWriter } from './tpdu-writer.js';
import { readUserData, userDataLayout, writeUserData, type UserData } from './user-data.js';

/**
 * SMS-STATUS-REPORT (3GPP TS 23.040 §9.2.2.3), SC → MS: the fate of a submit, matched to it by
 * TP-MR and TP-RA (+CDS, or AT+CMGR after +CDSI).
 *
 *   first octet: –(7) UDHI(6) SRQ(5) –(4) LP(3) MMS(2) MTI(1–0) = 10
 *   TP-MR, TP-RA, TP-SCTS (7), TP-DT (7), TP-ST, then optionally TP-PI and what it announces:
 *   TP-PID, TP-DCS, TP-UDL + TP-UD (§9.2.3.27)
 */
export interface SmsStatusReport {
  readonly messageReference: number;
  readonly recipient: TpAddress;
  /** When the SC received the SMS-SUBMIT. */
  readonly serviceCentreTime: ServiceCentreTime;
  /** When the status below was reached (delivery, expiry, the last failed attempt …). */
  readonly dischargeTime: ServiceCentreTime;
  /** TP-ST, 0–255; tpStatusState turns it into a delivery state. */
  readonly status: number;
  /** TP-SRQ: the report is about an SMS-COMMAND rather than an SMS-SUBMIT. */
  readonly aboutCommand: boolean;
  readonly moreMessages: boolean;
  readonly loopPrevention: boolean;
  /** The optional parameters after TP-ST; null each when TP-PI does not announce it. */
  readonly protocolIdentifier: number | null;
  readonly dataCodingScheme: number | null;
  readonly userData: UserData | null;
}

export interface DecodedStatusReport extends SmsStatusReport {
  readonly state: TpStatusState;
}

const TPDU = 'sms-status-report';

const PI_PID = 0x01;
const PI_DCS = 0x02;
const PI_UDL = 0x04;
const PI_EXTENSION = 0x80;

/** Builds an SMS-STATUS-REPORT: the modem simulator's +CDS, and tests. */
export function encodeStatusReport(report: SmsStatusReport): Buffer {
  const { alphabet } = readDataCodingScheme(report.dataCodingScheme ?? 0);
  const layout = report.userData === null ? null : userDataLayout(alphabet, report.userData, TPDU);
  const indicator =
    (report.protocolIdentifier !== null ? PI_PID : 0) |
    (report.dataCodingScheme !== null ? PI_DCS : 0) |
    (layout !== null ? PI_UDL : 0);
  const size =
    2 +
    tpAddressSize(report.recipient, TPDU) +
    2 * TIMESTAMP_SIZE +
    1 +
    (indicator !== 0 ? 1 : 0) +
    (report.protocolIdentifier !== null ? 1 : 0) +
    (report.dataCodingScheme !== null ? 1 : 0) +
    (layout !== null ? 1 + layout.octets : 0);
  const writer = new TpduWriter(TPDU, size);
  writer.u8(
    (report.userData?.header != null ? 0x40 : 0) |
      (report.aboutCommand ? 0x20 : 0) |
      (report.loopPrevention ? 0x08 : 0) |
      (report.moreMessages ? 0 : 0x04) |
      TP_MTI.statusReport,
  );
  writer.field(report.messageReference, 'TP-MR');
  writeTpAddress(writer, report.recipient, 'TP-RA');
  writeTimestamp(writer, report.serviceCentreTime, 'TP-SCTS');
  writeTimestamp(writer, report.dischargeTime, 'TP-DT');
  writer.field(report.status, 'TP-ST');
  if (indicator !== 0) writer.u8(indicator);
  if (report.protocolIdentifier !== null) writer.field(report.protocolIdentifier, 'TP-PID');
  if (report.dataCodingScheme !== null) writer.field(report.dataCodingScheme, 'TP-DCS');
  if (report.userData !== null && layout !== null) writeUserData(writer, alphabet, report.userData, layout);
  return writer.finish();
}

/** Reads an SMS-STATUS-REPORT from `reader` (positioned after any service centre address). */
export function readStatusReport(reader: TpduReader): DecodedStatusReport {
  const firstAt = reader.offset;
  const first = reader.u8('first octet');
  if ((first & 0x03) !== TP_MTI.statusReport)
    throw reader.fail(`TP-MTI ${first & 0x03} is not SMS-STATUS-REPORT (2)`, firstAt);
  const messageReference = reader.u8('TP-MR');
  const recipient = readTpAddress(reader, 'TP-RA');
  const serviceCentreTime = readTimestamp(reader, 'TP-SCTS');
  const dischargeTime = readTimestamp(reader, 'TP-DT');
  const status = reader.u8('TP-ST');
  let protocolIdentifier: number | null = null;
  let dataCodingScheme: number | null = null;
  let userData: UserData | null = null;
  if (reader.remaining > 0) {
    let indicator = reader.u8('TP-PI');
    const announced = indicator;
    // Extension octets of TP-PI carry nothing defined yet (§9.2.3.27); skip them.
    while ((indicator & PI_EXTENSION) !== 0) indicator = reader.u8('TP-PI extension');
    if ((announced & PI_PID) !== 0) protocolIdentifier = reader.u8('TP-PID');
    if ((announced & PI_DCS) !== 0) dataCodingScheme = reader.u8('TP-DCS');
    if ((announced & PI_UDL) !== 0) {
      const { alphabet } = readDataCodingScheme(dataCodingScheme ?? 0);
      userData = readUserData(reader, alphabet, (first & 0x40) !== 0);
    }
  }
  reader.expectEnd();
  return {
    messageReference,
    recipient,
    serviceCentreTime,
    dischargeTime,
    status,
    aboutCommand: (first & 0x20) !== 0,
    moreMessages: (first & 0x04) === 0,
    loopPrevention: (first & 0x08) !== 0,
    protocolIdentifier,
    dataCodingScheme,
    userData,
    state: tpStatusState(status),
  };
}
