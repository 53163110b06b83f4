import { readServiceCentre, serviceCentreSize, writeServiceCentre, type TpAddress } from './address.js';
import { TP_MTI } from './message-type.js';
import { encodeDeliver, readDeliver, type DecodedDeliver, type SmsDeliver } from './sms-deliver.js';
import {
  encodeStatusReport,
  readStatusReport,
  type DecodedStatusReport,
  type SmsStatusReport,
} from './sms-status-report.js';
import { encodeSubmit, readSubmit, type DecodedSubmit, type SmsSubmit } from './sms-submit.js';
import { TpduError } from './tpdu-error.js';
import { TpduReader } from './tpdu-reader.js';
import { TpduWriter } from './tpdu-writer.js';

/**
 * PDU mode as 3GPP TS 27.005 §3.1 / §4 uses it: <pdu> is the service centre address (TS 24.011,
 * length 00 = the SMSC stored on the SIM) followed by the TPDU, written as hexadecimal characters.
 * AT+CMGS=<length> counts the TPDU's octets only, without the service centre address.
 */

export interface PduModeMessage {
  /** The PDU as the modem exchanges it: service centre address then TPDU. */
  readonly pdu: Buffer;
  /** What AT+CMGS=<length> takes: octets of the TPDU alone. */
  readonly tpduLength: number;
}

export interface WithServiceCentre<T> {
  readonly serviceCentre: TpAddress | null;
  readonly tpdu: T;
}

/** A message from the SC as a modem shows it (+CMT, +CDS, AT+CMGR). */
export type ScToMsMessage =
  | { readonly type: 'deliver'; readonly deliver: DecodedDeliver }
  | { readonly type: 'status-report'; readonly report: DecodedStatusReport };

/** Uppercase hex, as modems print and expect it. */
export function pduHex(pdu: Uint8Array): string {
  return Buffer.from(pdu.buffer, pdu.byteOffset, pdu.byteLength).toString('hex').toUpperCase();
}

/** Reads hex characters (either case); an odd count or a non-hex character is a TpduError. */
export function parsePduHex(text: string): Buffer {
  if (text.length % 2 !== 0) throw new TpduError('pdu', `hex text has an odd number of characters (${text.length})`);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const hex = (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x46) || (code >= 0x61 && code <= 0x66);
    if (!hex)
      throw new TpduError('pdu', `${JSON.stringify(text.charAt(i))} at character ${i} is not a hex digit`, i >>> 1);
  }
  return Buffer.from(text, 'hex');
}

export function encodeSubmitPdu(submit: SmsSubmit, serviceCentre: TpAddress | null = null): PduModeMessage {
  return withServiceCentre('sms-submit', serviceCentre, encodeSubmit(submit));
}

export function encodeDeliverPdu(deliver: SmsDeliver, serviceCentre: TpAddress | null = null): PduModeMessage {
  return withServiceCentre('sms-deliver', serviceCentre, encodeDeliver(deliver));
}

export function encodeStatusReportPdu(report: SmsStatusReport, serviceCentre: TpAddress | null = null): PduModeMessage {
  return withServiceCentre('sms-status-report', serviceCentre, encodeStatusReport(report));
}

export function decodeSubmitPdu(pdu: Buffer): WithServiceCentre<DecodedSubmit> {
  const reader = new TpduReader('sms-submit', pdu);
  return { serviceCentre: readServiceCentre(reader), tpdu: readSubmit(reader) };
}

export function decodeDeliverPdu(pdu: Buffer): WithServiceCentre<DecodedDeliver> {
  const reader = new TpduReader('sms-deliver', pdu);
  return { serviceCentre: readServiceCentre(reader), tpdu: readDeliver(reader) };
}

export function decodeStatusReportPdu(pdu: Buffer): WithServiceCentre<DecodedStatusReport> {
  const reader = new TpduReader('sms-status-report', pdu);
  return { serviceCentre: readServiceCentre(reader), tpdu: readStatusReport(reader) };
}

/** An SMS-DELIVER or SMS-STATUS-REPORT, whichever TP-MTI says; anything else is a TpduError. */
export function decodeScToMsPdu(pdu: Buffer): WithServiceCentre<ScToMsMessage> {
  const probe = new TpduReader('pdu', pdu);
  const serviceCentre = readServiceCentre(probe);
  const mti = probe.u8('first octet') & 0x03;
  if (mti === TP_MTI.deliver) {
    const reader = new TpduReader('sms-deliver', pdu);
    reader.offset = probe.offset - 1;
    return { serviceCentre, tpdu: { type: 'deliver', deliver: readDeliver(reader) } };
  }
  if (mti === TP_MTI.statusReport) {
    const reader = new TpduReader('sms-status-report', pdu);
    reader.offset = probe.offset - 1;
    return { serviceCentre, tpdu: { type: 'status-report', report: readStatusReport(reader) } };
  }
  throw probe.fail(`TP-MTI ${mti} is neither SMS-DELIVER (0) nor SMS-STATUS-REPORT (2)`, probe.offset - 1);
}

function withServiceCentre(tpdu: string, serviceCentre: TpAddress | null, body: Buffer): PduModeMessage {
  const writer = new TpduWriter(tpdu, serviceCentreSize(serviceCentre, tpdu) + body.length);
  writeServiceCentre(writer, serviceCentre);
  writer.bytes(body);
  return { pdu: writer.finish(), tpduLength: body.length };
}
