import { PduReader } from '../engine/bytes.js';
import { DecodeError } from '../engine/errors.js';
import { CommandId, commandName, isInterGatewayCommand } from './command-ids.js';
import { connectRespBody, CONNECT_BODY, HEADER_LENGTH, MAX_DESTINATIONS } from './layout.js';
import type { CmppLayout } from './layout.js';
import type { CmppDeliver, CmppPdu, CmppStatusReport } from './pdu.js';
import { DeliverKind } from './status-codes.js';

const PROTOCOL = 'cmpp';

/**
 * Decodes one whole CMPP frame (Total_Length included) with the field widths of `layout`.
 * Throws only DecodeError. Two places are tolerant of the other version's layout because
 * gateways in the field mix them: CONNECT_RESP is read by its length (so a 2.0 client learns a
 * 3.0-only gateway's "version too high"), and a status-report block by its Msg_Length (60 or 71,
 * reference §1.8).
 */
export function decodeCmpp(frame: Buffer, layout: CmppLayout): CmppPdu {
  if (frame.length < HEADER_LENGTH) {
    throw new DecodeError(PROTOCOL, `frame of ${frame.length} bytes is shorter than the 12-byte header`, 0);
  }
  const totalLength = frame.readUInt32BE(0);
  const commandId = frame.readUInt32BE(4);
  if (totalLength !== frame.length) {
    throw new DecodeError(
      PROTOCOL,
      `Total_Length ${totalLength} does not match the ${frame.length}-byte frame`,
      0,
      commandId,
    );
  }
  const sequence = frame.readUInt32BE(8);
  const r = new PduReader(PROTOCOL, frame, HEADER_LENGTH);
  try {
    const pdu = decodeBody(r, commandId, sequence, layout);
    r.expectEnd(commandName(commandId));
    return pdu;
  } catch (error) {
    // Every read error already is a DecodeError; give it the command id so the engine can reject
    // the frame with the matching response.
    if (error instanceof DecodeError && error.commandId === undefined) {
      throw new DecodeError(PROTOCOL, `${commandName(commandId)}: ${reasonOf(error)}`, error.offset, commandId);
    }
    throw error;
  }
}

function decodeBody(r: PduReader, commandId: number, sequence: number, layout: CmppLayout): CmppPdu {
  switch (commandId) {
    case CommandId.CONNECT:
      if (r.remaining !== CONNECT_BODY) throw bodyLength(r, CONNECT_BODY);
      return {
        command: 'connect',
        sequence,
        sourceAddr: r.fixedString(6, 'Source_Addr'),
        authenticatorSource: Buffer.from(r.bytes(16, 'AuthenticatorSource')),
        version: r.u8('Version'),
        timestamp: r.u32('Timestamp'),
      };
    case CommandId.CONNECT_RESP: {
      // Read by length: 18 bytes = 2.0 (1-byte Status), 21 bytes = 3.0 (4-byte Status).
      const statusSize = r.remaining === connectRespBody(1) ? 1 : r.remaining === connectRespBody(4) ? 4 : 0;
      if (statusSize === 0) throw bodyLength(r, connectRespBody(layout.statusSize));
      return {
        command: 'connect_resp',
        sequence,
        status: statusSize === 1 ? r.u8('Status') : r.u32('Status'),
        authenticatorIsmg: Buffer.from(r.bytes(16, 'AuthenticatorISMG')),
        version: r.u8('Version'),
      };
    }
    case CommandId.TERMINATE:
      return { command: 'terminate', sequence };
    case CommandId.TERMINATE_RESP:
      return { command: 'terminate_resp', sequence };
    case CommandId.SUBMIT:
      return decodeSubmit(r, sequence, layout);
    case CommandId.SUBMIT_RESP:
      return { command: 'submit_resp', sequence, msgId: r.u64('Msg_Id'), result: status(r, layout, 'Result') };
    case CommandId.DELIVER:
      return decodeDeliver(r, sequence, layout);
    case CommandId.DELIVER_RESP:
      return { command: 'deliver_resp', sequence, msgId: r.u64('Msg_Id'), result: status(r, layout, 'Result') };
    case CommandId.QUERY:
      return {
        command: 'query',
        sequence,
        time: r.fixedString(8, 'Time'),
        queryType: r.u8('Query_Type'),
        queryCode: r.fixedString(10, 'Query_Code'),
        reserve: r.fixedString(8, 'Reserve'),
      };
    case CommandId.QUERY_RESP:
      return {
        command: 'query_resp',
        sequence,
        time: r.fixedString(8, 'Time'),
        queryType: r.u8('Query_Type'),
        queryCode: r.fixedString(10, 'Query_Code'),
        mtTlMsg: r.u32('MT_TLMsg'),
        mtTlUsr: r.u32('MT_Tlusr'),
        mtScs: r.u32('MT_Scs'),
        mtWt: r.u32('MT_WT'),
        mtFl: r.u32('MT_FL'),
        moScs: r.u32('MO_Scs'),
        moWt: r.u32('MO_WT'),
        moFl: r.u32('MO_FL'),
      };
    case CommandId.CANCEL:
      return { command: 'cancel', sequence, msgId: r.u64('Msg_Id') };
    case CommandId.CANCEL_RESP:
      return { command: 'cancel_resp', sequence, successId: status(r, layout, 'Success_Id') };
    case CommandId.ACTIVE_TEST:
      return { command: 'active_test', sequence };
    case CommandId.ACTIVE_TEST_RESP:
      return { command: 'active_test_resp', sequence, reserved: r.u8('Reserved') };
    default:
      if (isInterGatewayCommand(commandId)) {
        throw new DecodeError(
          PROTOCOL,
          `${commandName(commandId)} is a gateway-to-gateway command, not supported on an SP link`,
          4,
          commandId,
        );
      }
      throw new DecodeError(PROTOCOL, `unknown command id ${commandName(commandId)}`, 4, commandId);
  }
}

/** The message of a DecodeError without the "cmpp: " prefix and " (at byte N)" suffix it adds. */
function reasonOf(error: DecodeError): string {
  const prefix = `${PROTOCOL}: `;
  const suffix = error.offset === undefined ? '' : ` (at byte ${error.offset})`;
  const text = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
  return suffix !== '' && text.endsWith(suffix) ? text.slice(0, -suffix.length) : text;
}

function status(r: PduReader, layout: CmppLayout, field: string): number {
  return layout.statusSize === 1 ? r.u8(field) : r.u32(field);
}

function bodyLength(r: PduReader, expected: number): DecodeError {
  return new DecodeError(PROTOCOL, `body of ${r.remaining} bytes, expected ${expected}`, r.offset);
}

function decodeSubmit(r: PduReader, sequence: number, layout: CmppLayout): CmppPdu {
  const msgId = r.u64('Msg_Id');
  const pkTotal = r.u8('Pk_total');
  const pkNumber = r.u8('Pk_number');
  const registeredDelivery = r.u8('Registered_Delivery');
  const msgLevel = r.u8('Msg_level');
  const serviceId = r.fixedString(10, 'Service_Id');
  const feeUserType = r.u8('Fee_UserType');
  const feeTerminalId = r.fixedString(layout.terminalIdSize, 'Fee_terminal_Id');
  const feeTerminalType = layout.hasTerminalType ? r.u8('Fee_terminal_type') : undefined;
  const tpPid = r.u8('TP_pId');
  const tpUdhi = r.u8('TP_udhi');
  const msgFmt = r.u8('Msg_Fmt');
  const msgSrc = r.fixedString(6, 'Msg_src');
  const feeType = r.fixedString(2, 'FeeType');
  const feeCode = r.fixedString(6, 'FeeCode');
  const validTime = r.fixedString(17, 'ValId_Time');
  const atTime = r.fixedString(17, 'At_Time');
  const srcId = r.fixedString(21, 'Src_Id');
  const count = r.u8('DestUsr_tl');
  if (count === 0 || count > MAX_DESTINATIONS) {
    throw new DecodeError(PROTOCOL, `DestUsr_tl ${count} is outside 1–${MAX_DESTINATIONS}`, r.offset - 1);
  }
  const destTerminalIds: string[] = [];
  for (let i = 0; i < count; i++) destTerminalIds.push(r.fixedString(layout.terminalIdSize, 'Dest_terminal_Id'));
  const destTerminalType = layout.hasTerminalType ? r.u8('Dest_terminal_type') : undefined;
  const msgLength = r.u8('Msg_Length');
  const msgContent = Buffer.from(r.bytes(msgLength, 'Msg_Content'));
  const trailer = r.fixedString(layout.trailerSize, layout.hasTerminalType ? 'LinkID' : 'Reserve');
  return {
    command: 'submit',
    sequence,
    msgId,
    pkTotal,
    pkNumber,
    registeredDelivery,
    msgLevel,
    serviceId,
    feeUserType,
    feeTerminalId,
    ...(feeTerminalType === undefined ? {} : { feeTerminalType }),
    tpPid,
    tpUdhi,
    msgFmt,
    msgSrc,
    feeType,
    feeCode,
    validTime,
    atTime,
    srcId,
    destTerminalIds,
    ...(destTerminalType === undefined ? {} : { destTerminalType }),
    msgContent,
    ...(layout.hasTerminalType ? { linkId: trailer } : {}),
  };
}

function decodeDeliver(r: PduReader, sequence: number, layout: CmppLayout): CmppDeliver {
  const msgId = r.u64('Msg_Id');
  const destId = r.fixedString(21, 'Dest_Id');
  const serviceId = r.fixedString(10, 'Service_Id');
  const tpPid = r.u8('TP_pid');
  const tpUdhi = r.u8('TP_udhi');
  const msgFmt = r.u8('Msg_Fmt');
  const srcTerminalId = r.fixedString(layout.terminalIdSize, 'Src_terminal_Id');
  const srcTerminalType = layout.hasTerminalType ? r.u8('Src_terminal_type') : undefined;
  const registeredDelivery = r.u8('Registered_Delivery');
  const msgLength = r.u8('Msg_Length');
  const contentStart = r.offset;
  const content = r.bytes(msgLength, 'Msg_Content');
  const trailer = r.fixedString(layout.trailerSize, layout.hasTerminalType ? 'LinkID' : 'Reserve');
  const common = {
    command: 'deliver' as const,
    sequence,
    msgId,
    destId,
    serviceId,
    tpPid,
    tpUdhi,
    msgFmt,
    srcTerminalId,
    ...(srcTerminalType === undefined ? {} : { srcTerminalType }),
    ...(layout.hasTerminalType ? { linkId: trailer } : {}),
  };
  if (registeredDelivery === DeliverKind.MESSAGE) {
    return { ...common, registeredDelivery: 0, msgContent: Buffer.from(content) };
  }
  if (registeredDelivery === DeliverKind.STATUS_REPORT) {
    return { ...common, registeredDelivery: 1, report: decodeStatusReport(r.buf, contentStart, msgLength) };
  }
  throw new DecodeError(
    PROTOCOL,
    `Registered_Delivery ${registeredDelivery} is neither 0 (message) nor 1 (status report)`,
    contentStart - 2,
  );
}

/**
 * The report block's Dest_terminal_Id is 21 bytes in 2.0 and 32 in 3.0, but gocmpp and
 * hrygo/gosms send the 21-byte form on 3.0 links too; the block's own length tells them apart.
 */
function decodeStatusReport(frame: Buffer, start: number, length: number): CmppStatusReport {
  if (length !== 60 && length !== 71) {
    throw new DecodeError(PROTOCOL, `status report block of ${length} bytes, expected 60 or 71`, start);
  }
  const r = new PduReader(PROTOCOL, frame, start, start + length);
  const report: CmppStatusReport = {
    msgId: r.u64('report Msg_Id'),
    stat: r.fixedString(7, 'Stat'),
    submitTime: r.fixedString(10, 'Submit_time'),
    doneTime: r.fixedString(10, 'Done_time'),
    destTerminalId: r.fixedString(length === 60 ? 21 : 32, 'report Dest_terminal_Id'),
    smscSequence: r.u32('SMSC_sequence'),
    blockLength: length,
  };
  r.expectEnd('status report block');
  return report;
}
