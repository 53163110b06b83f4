import { PduWriter } from '../engine/bytes.js';
import { EncodeError } from '../engine/errors.js';
import { CommandId } from './command-ids.js';
import {
  connectRespBody,
  CONNECT_BODY,
  deliverFixedBody,
  HEADER_LENGTH,
  MAX_DESTINATIONS,
  submitFixedBody,
} from './layout.js';
import type { CmppLayout } from './layout.js';
import type { CmppDeliver, CmppPdu, CmppStatusReport, CmppSubmit } from './pdu.js';

const PROTOCOL = 'cmpp';

/**
 * Encodes a PDU with the field widths of `layout` into one buffer of exactly the frame's size.
 * Throws only EncodeError: a value that does not fit its field is refused, never truncated or
 * masked, and a 3.0-only field set on a 2.0 PDU is refused rather than silently dropped.
 */
export function encodeCmpp(pdu: CmppPdu, layout: CmppLayout): Buffer {
  switch (pdu.command) {
    case 'connect': {
      const w = header(CONNECT_BODY, CommandId.CONNECT, pdu.sequence);
      text(w, pdu.sourceAddr, 6, 'Source_Addr');
      fixedBytes(w, pdu.authenticatorSource, 16, 'AuthenticatorSource');
      u8(w, pdu.version, 'Version');
      u32(w, pdu.timestamp, 'Timestamp');
      return w.finish();
    }
    case 'connect_resp': {
      const w = header(connectRespBody(layout.statusSize), CommandId.CONNECT_RESP, pdu.sequence);
      status(w, layout, pdu.status, 'Status');
      fixedBytes(w, pdu.authenticatorIsmg, 16, 'AuthenticatorISMG');
      u8(w, pdu.version, 'Version');
      return w.finish();
    }
    case 'terminate':
      return header(0, CommandId.TERMINATE, pdu.sequence).finish();
    case 'terminate_resp':
      return header(0, CommandId.TERMINATE_RESP, pdu.sequence).finish();
    case 'submit':
      return encodeSubmit(pdu, layout);
    case 'submit_resp': {
      const w = header(8 + layout.statusSize, CommandId.SUBMIT_RESP, pdu.sequence);
      u64(w, pdu.msgId, 'Msg_Id');
      status(w, layout, pdu.result, 'Result');
      return w.finish();
    }
    case 'deliver':
      return encodeDeliver(pdu, layout);
    case 'deliver_resp': {
      const w = header(8 + layout.statusSize, CommandId.DELIVER_RESP, pdu.sequence);
      u64(w, pdu.msgId, 'Msg_Id');
      status(w, layout, pdu.result, 'Result');
      return w.finish();
    }
    case 'query': {
      const w = header(27, CommandId.QUERY, pdu.sequence);
      text(w, pdu.time, 8, 'Time');
      u8(w, pdu.queryType, 'Query_Type');
      text(w, pdu.queryCode, 10, 'Query_Code');
      text(w, pdu.reserve, 8, 'Reserve');
      return w.finish();
    }
    case 'query_resp': {
      const w = header(51, CommandId.QUERY_RESP, pdu.sequence);
      text(w, pdu.time, 8, 'Time');
      u8(w, pdu.queryType, 'Query_Type');
      text(w, pdu.queryCode, 10, 'Query_Code');
      u32(w, pdu.mtTlMsg, 'MT_TLMsg');
      u32(w, pdu.mtTlUsr, 'MT_Tlusr');
      u32(w, pdu.mtScs, 'MT_Scs');
      u32(w, pdu.mtWt, 'MT_WT');
      u32(w, pdu.mtFl, 'MT_FL');
      u32(w, pdu.moScs, 'MO_Scs');
      u32(w, pdu.moWt, 'MO_WT');
      u32(w, pdu.moFl, 'MO_FL');
      return w.finish();
    }
    case 'cancel': {
      const w = header(8, CommandId.CANCEL, pdu.sequence);
      u64(w, pdu.msgId, 'Msg_Id');
      return w.finish();
    }
    case 'cancel_resp': {
      const w = header(layout.statusSize, CommandId.CANCEL_RESP, pdu.sequence);
      status(w, layout, pdu.successId, 'Success_Id');
      return w.finish();
    }
    case 'active_test':
      return header(0, CommandId.ACTIVE_TEST, pdu.sequence).finish();
    case 'active_test_resp': {
      const w = header(1, CommandId.ACTIVE_TEST_RESP, pdu.sequence);
      u8(w, pdu.reserved, 'Reserved');
      return w.finish();
    }
  }
}

function encodeSubmit(pdu: CmppSubmit, layout: CmppLayout): Buffer {
  const count = pdu.destTerminalIds.length;
  if (count === 0 || count > MAX_DESTINATIONS) {
    throw new EncodeError(PROTOCOL, `submit to ${count} numbers: DestUsr_tl must be 1–${MAX_DESTINATIONS}`);
  }
  contentLength(pdu.msgContent);
  only30(layout, pdu.feeTerminalType, 'Fee_terminal_type');
  only30(layout, pdu.destTerminalType, 'Dest_terminal_type');
  only30(layout, pdu.linkId, 'LinkID');
  const body = submitFixedBody(layout) + count * layout.terminalIdSize + pdu.msgContent.length;
  const w = header(body, CommandId.SUBMIT, pdu.sequence);
  u64(w, pdu.msgId, 'Msg_Id');
  u8(w, pdu.pkTotal, 'Pk_total');
  u8(w, pdu.pkNumber, 'Pk_number');
  u8(w, pdu.registeredDelivery, 'Registered_Delivery');
  u8(w, pdu.msgLevel, 'Msg_level');
  text(w, pdu.serviceId, 10, 'Service_Id');
  u8(w, pdu.feeUserType, 'Fee_UserType');
  text(w, pdu.feeTerminalId, layout.terminalIdSize, 'Fee_terminal_Id');
  if (layout.hasTerminalType) u8(w, pdu.feeTerminalType ?? 0, 'Fee_terminal_type');
  u8(w, pdu.tpPid, 'TP_pId');
  u8(w, pdu.tpUdhi, 'TP_udhi');
  u8(w, pdu.msgFmt, 'Msg_Fmt');
  text(w, pdu.msgSrc, 6, 'Msg_src');
  text(w, pdu.feeType, 2, 'FeeType');
  text(w, pdu.feeCode, 6, 'FeeCode');
  text(w, pdu.validTime, 17, 'ValId_Time');
  text(w, pdu.atTime, 17, 'At_Time');
  text(w, pdu.srcId, 21, 'Src_Id');
  w.u8(count);
  for (const id of pdu.destTerminalIds) text(w, id, layout.terminalIdSize, 'Dest_terminal_Id');
  if (layout.hasTerminalType) u8(w, pdu.destTerminalType ?? 0, 'Dest_terminal_type');
  w.u8(pdu.msgContent.length);
  w.bytes(pdu.msgContent);
  trailer(w, layout, pdu.linkId);
  return w.finish();
}

function encodeDeliver(pdu: CmppDeliver, layout: CmppLayout): Buffer {
  only30(layout, pdu.srcTerminalType, 'Src_terminal_type');
  only30(layout, pdu.linkId, 'LinkID');
  const blockLength = pdu.registeredDelivery === 1 ? (pdu.report.blockLength ?? layout.reportBlockLength) : 0;
  const contentSize = pdu.registeredDelivery === 1 ? blockLength : contentLength(pdu.msgContent);
  const w = header(deliverFixedBody(layout) + contentSize, CommandId.DELIVER, pdu.sequence);
  u64(w, pdu.msgId, 'Msg_Id');
  text(w, pdu.destId, 21, 'Dest_Id');
  text(w, pdu.serviceId, 10, 'Service_Id');
  u8(w, pdu.tpPid, 'TP_pid');
  u8(w, pdu.tpUdhi, 'TP_udhi');
  u8(w, pdu.msgFmt, 'Msg_Fmt');
  text(w, pdu.srcTerminalId, layout.terminalIdSize, 'Src_terminal_Id');
  if (layout.hasTerminalType) u8(w, pdu.srcTerminalType ?? 0, 'Src_terminal_type');
  w.u8(pdu.registeredDelivery);
  w.u8(contentSize);
  if (pdu.registeredDelivery === 1) statusReport(w, pdu.report, blockLength);
  else w.bytes(pdu.msgContent);
  trailer(w, layout, pdu.linkId);
  return w.finish();
}

/** The report block of reference §1.8 at the writer's position. */
function statusReport(w: PduWriter, report: CmppStatusReport, blockLength: number): void {
  if (blockLength !== 60 && blockLength !== 71) {
    throw new EncodeError(PROTOCOL, `status report blockLength ${blockLength} is neither 60 nor 71`);
  }
  u64(w, report.msgId, 'report Msg_Id');
  text(w, report.stat, 7, 'Stat');
  text(w, report.submitTime, 10, 'Submit_time');
  text(w, report.doneTime, 10, 'Done_time');
  text(w, report.destTerminalId, blockLength === 60 ? 21 : 32, 'report Dest_terminal_Id');
  u32(w, report.smscSequence, 'SMSC_sequence');
}

function header(bodyLength: number, commandId: number, sequence: number): PduWriter {
  const w = new PduWriter(PROTOCOL, HEADER_LENGTH + bodyLength);
  w.u32(HEADER_LENGTH + bodyLength);
  w.u32(commandId);
  u32(w, sequence, 'Sequence_Id');
  return w;
}

/** 2.0 ends SUBMIT / DELIVER with 8 reserved zero bytes, 3.0 with the 20-byte LinkID. */
function trailer(w: PduWriter, layout: CmppLayout, linkId: string | undefined): void {
  if (layout.hasTerminalType) text(w, linkId ?? '', layout.trailerSize, 'LinkID');
  else w.zeros(layout.trailerSize);
}

function only30(layout: CmppLayout, value: number | string | undefined, field: string): void {
  if (layout.hasTerminalType || value === undefined || value === 0 || value === '') return;
  throw new EncodeError(PROTOCOL, `${field} is a CMPP 3.0 field; a 2.0 PDU cannot carry ${JSON.stringify(value)}`);
}

function contentLength(content: Buffer): number {
  if (content.length > 255)
    throw new EncodeError(PROTOCOL, `Msg_Content of ${content.length} bytes does not fit the 1-byte Msg_Length`);
  return content.length;
}

function status(w: PduWriter, layout: CmppLayout, value: number, field: string): void {
  if (layout.statusSize === 1) u8(w, value, field);
  else u32(w, value, field);
}

function u8(w: PduWriter, value: number, field: string): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xff)
    throw new EncodeError(PROTOCOL, `${field} ${value} does not fit 1 byte`);
  w.u8(value);
}

function u32(w: PduWriter, value: number, field: string): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff)
    throw new EncodeError(PROTOCOL, `${field} ${value} does not fit 4 bytes`);
  w.u32(value);
}

function u64(w: PduWriter, value: bigint, field: string): void {
  if (value < 0n || value > 0xffffffffffffffffn)
    throw new EncodeError(PROTOCOL, `${field} ${value} does not fit 8 bytes`);
  w.u64(value);
}

function fixedBytes(w: PduWriter, value: Buffer, size: number, field: string): void {
  if (value.length !== size) throw new EncodeError(PROTOCOL, `${field} must be ${size} bytes, got ${value.length}`);
  w.bytes(value);
}

/** Octet-string fields carry single-byte text; anything wider would be mangled by latin1. */
function text(w: PduWriter, value: string, size: number, field: string): void {
  for (let i = 0; i < value.length; i++) {
    if (value.charCodeAt(i) > 0xff)
      throw new EncodeError(PROTOCOL, `${field} ${JSON.stringify(value)} has a character that is not a single byte`);
  }
  w.octets(value, size, field);
}
