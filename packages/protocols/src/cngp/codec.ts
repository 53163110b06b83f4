import { PduReader, PduWriter } from '../engine/bytes.js';
import { DecodeError, EncodeError } from '../engine/errors.js';
import { AUTHENTICATOR_LENGTH } from '../smgp/authenticator.js';
import { MSG_ID_LENGTH } from '../smgp/msg-id.js';
import { readTlvs, tlvsSize, writeTlvs } from '../smgp/tlv.js';
import { checkLength, checkU32, checkU8, inCommand, writeText } from '../smgp/wire-fields.js';
import { CngpCommandId, cngpCommandName } from './command-ids.js';
import type { CngpPdu } from './pdu.js';

/**
 * CNGP frames: Total_Length, Command_Id, Command_Status, Sequence_Id (4 × uint32), then the body
 * (reference §4.1–4.2). No CNGP spec text was found; the layout is the one four implementations
 * agree on — netty-codec-sms CngpDecoder/CngpEncoder, RongDi cngp_packet.h, Huawei SMProxy
 * com.huawei.insa2.comm.cngp.message.*, wujunjenny/smgw cngpdef.h. Offsets are from the body start.
 */
const PROTOCOL = 'cngp';
export const CNGP_HEADER_LENGTH = 16;
const MAX_DESTINATIONS = 100;

export function decodeCngp(frame: Buffer): CngpPdu {
  if (frame.length < CNGP_HEADER_LENGTH) {
    throw new DecodeError(PROTOCOL, `frame of ${frame.length} bytes is shorter than the 16-byte header`, 0);
  }
  const length = frame.readUInt32BE(0);
  const commandId = frame.readUInt32BE(4);
  if (length !== frame.length) {
    throw new DecodeError(
      PROTOCOL,
      `Total_Length ${length} does not match the ${frame.length}-byte frame`,
      0,
      commandId,
    );
  }
  const status = frame.readUInt32BE(8);
  const sequence = frame.readUInt32BE(12);
  const r = new PduReader(PROTOCOL, frame, CNGP_HEADER_LENGTH);
  try {
    return decodeBody(r, commandId, status, sequence);
  } catch (error) {
    if (error instanceof DecodeError && error.commandId === undefined) {
      throw inCommand(PROTOCOL, cngpCommandName(commandId) ?? 'command', error, commandId);
    }
    throw error;
  }
}

function decodeBody(r: PduReader, commandId: number, status: number, sequence: number): CngpPdu {
  switch (commandId) {
    case CngpCommandId.login: {
      const pdu: CngpPdu = {
        command: 'login',
        sequence,
        clientId: r.fixedString(10, 'ClientID'), // @0
        authenticatorClient: r.bytes(AUTHENTICATOR_LENGTH, 'AuthenticatorClient'), // @10
        loginMode: r.u8('LoginMode'), // @26
        timestamp: r.u32('TimeStamp'), // @27
        version: r.u8('Version'), // @31
      };
      r.expectEnd('Login');
      return pdu;
    }
    case CngpCommandId.login_resp: {
      const pdu: CngpPdu = {
        command: 'login_resp',
        sequence,
        status,
        authenticatorServer: r.bytes(AUTHENTICATOR_LENGTH, 'AuthenticatorServer'), // @0
        version: r.u8('Version'), // @16
      };
      r.expectEnd('Login_Resp');
      return pdu;
    }
    case CngpCommandId.submit: {
      const spId = r.fixedString(10, 'SPID'); // @0
      const subType = r.u8('SubType'); // @10
      const needReport = r.u8('NeedReport'); // @11
      const priority = r.u8('Priority'); // @12
      const serviceId = r.fixedString(10, 'ServiceID'); // @13
      const feeType = r.fixedString(2, 'FeeType'); // @23
      const feeUserType = r.u8('FeeUserType'); // @25
      const feeCode = r.fixedString(6, 'FeeCode'); // @26
      const msgFormat = r.u8('MsgFormat'); // @32
      const validTime = r.fixedString(17, 'ValidTime'); // @33
      const atTime = r.fixedString(17, 'AtTime'); // @50
      const srcTermId = r.fixedString(21, 'SrcTermID'); // @67
      const chargeTermId = r.fixedString(21, 'ChargeTermID'); // @88
      const count = r.u8('DestTermIDCount'); // @109
      const destTermIds: string[] = [];
      for (let i = 0; i < count; i++) destTermIds.push(r.fixedString(21, 'DestTermID')); // @110 + 21i
      const msgLength = r.u8('MsgLength'); // @110+21N
      const msgContent = r.bytes(msgLength, 'MsgContent'); // @111+21N
      const tlvs = readTlvs(r); // @111+21N+L
      return {
        command: 'submit',
        sequence,
        spId,
        subType,
        needReport,
        priority,
        serviceId,
        feeType,
        feeUserType,
        feeCode,
        msgFormat,
        validTime,
        atTime,
        srcTermId,
        chargeTermId,
        destTermIds,
        msgContent,
        tlvs,
      };
    }
    case CngpCommandId.submit_resp:
    case CngpCommandId.deliver_resp: {
      const msgId = r.bytes(MSG_ID_LENGTH, 'MsgID'); // @0
      const tlvs = readTlvs(r); // @10
      return {
        command: commandId === CngpCommandId.submit_resp ? 'submit_resp' : 'deliver_resp',
        sequence,
        status,
        msgId,
        tlvs,
      };
    }
    case CngpCommandId.deliver: {
      const msgId = r.bytes(MSG_ID_LENGTH, 'MsgID'); // @0
      const isReport = r.u8('IsReport'); // @10
      const msgFormat = r.u8('MsgFormat'); // @11
      const recvTime = r.fixedString(14, 'RecvTime'); // @12
      const srcTermId = r.fixedString(21, 'SrcTermID'); // @26
      const destTermId = r.fixedString(21, 'DestTermID'); // @47
      const msgLength = r.u8('MsgLength'); // @68
      const msgContent = r.bytes(msgLength, 'MsgContent'); // @69
      const tlvs = readTlvs(r); // @69+L
      return {
        command: 'deliver',
        sequence,
        msgId,
        isReport,
        msgFormat,
        recvTime,
        srcTermId,
        destTermId,
        msgContent,
        tlvs,
      };
    }
    case CngpCommandId.active_test:
    case CngpCommandId.exit: {
      const command = commandId === CngpCommandId.active_test ? 'active_test' : 'exit';
      r.expectEnd(command);
      return { command, sequence };
    }
    case CngpCommandId.active_test_resp:
    case CngpCommandId.exit_resp: {
      const command = commandId === CngpCommandId.active_test_resp ? 'active_test_resp' : 'exit_resp';
      r.expectEnd(command);
      return { command, sequence, status };
    }
    default: {
      const name = cngpCommandName(commandId);
      const what = name === undefined ? 'unknown Command_Id' : `${name} is not supported on an SP connection`;
      throw new DecodeError(PROTOCOL, `${what} 0x${commandId.toString(16).padStart(8, '0')}`, 4, commandId);
    }
  }
}

function bodySize(pdu: CngpPdu): number {
  switch (pdu.command) {
    case 'login':
      return 32;
    case 'login_resp':
      return 17;
    case 'submit':
      return 111 + 21 * pdu.destTermIds.length + pdu.msgContent.length + tlvsSize(pdu.tlvs);
    case 'submit_resp':
    case 'deliver_resp':
      return 10 + tlvsSize(pdu.tlvs);
    case 'deliver':
      return 69 + pdu.msgContent.length + tlvsSize(pdu.tlvs);
    case 'active_test':
    case 'active_test_resp':
    case 'exit':
    case 'exit_resp':
      return 0;
  }
}

export function encodeCngp(pdu: CngpPdu): Buffer {
  const size = CNGP_HEADER_LENGTH + bodySize(pdu);
  const w = new PduWriter(PROTOCOL, size);
  const status = 'status' in pdu ? checkU32(PROTOCOL, pdu.status, 'Command_Status') : 0;
  w.u32(size)
    .u32(CngpCommandId[pdu.command])
    .u32(status)
    .u32(checkU32(PROTOCOL, pdu.sequence, 'Sequence_Id'));
  switch (pdu.command) {
    case 'login':
      writeText(w, pdu.clientId, 10, 'ClientID');
      w.bytes(checkLength(PROTOCOL, pdu.authenticatorClient, AUTHENTICATOR_LENGTH, 'AuthenticatorClient'));
      w.u8(checkU8(PROTOCOL, pdu.loginMode, 'LoginMode'));
      w.u32(checkU32(PROTOCOL, pdu.timestamp, 'TimeStamp'));
      w.u8(checkU8(PROTOCOL, pdu.version, 'Version'));
      break;
    case 'login_resp':
      w.bytes(checkLength(PROTOCOL, pdu.authenticatorServer, AUTHENTICATOR_LENGTH, 'AuthenticatorServer'));
      w.u8(checkU8(PROTOCOL, pdu.version, 'Version'));
      break;
    case 'submit':
      if (pdu.destTermIds.length > MAX_DESTINATIONS) {
        throw new EncodeError(
          PROTOCOL,
          `Submit has ${pdu.destTermIds.length} DestTermIDs, at most ${MAX_DESTINATIONS} allowed`,
        );
      }
      writeText(w, pdu.spId, 10, 'SPID');
      w.u8(checkU8(PROTOCOL, pdu.subType, 'SubType'));
      w.u8(checkU8(PROTOCOL, pdu.needReport, 'NeedReport'));
      w.u8(checkU8(PROTOCOL, pdu.priority, 'Priority'));
      writeText(w, pdu.serviceId, 10, 'ServiceID');
      writeText(w, pdu.feeType, 2, 'FeeType');
      w.u8(checkU8(PROTOCOL, pdu.feeUserType, 'FeeUserType'));
      writeText(w, pdu.feeCode, 6, 'FeeCode');
      w.u8(checkU8(PROTOCOL, pdu.msgFormat, 'MsgFormat'));
      writeText(w, pdu.validTime, 17, 'ValidTime');
      writeText(w, pdu.atTime, 17, 'AtTime');
      writeText(w, pdu.srcTermId, 21, 'SrcTermID');
      writeText(w, pdu.chargeTermId, 21, 'ChargeTermID');
      w.u8(pdu.destTermIds.length);
      for (const dest of pdu.destTermIds) writeText(w, dest, 21, 'DestTermID');
      w.u8(checkU8(PROTOCOL, pdu.msgContent.length, 'MsgLength'));
      w.bytes(pdu.msgContent);
      writeTlvs(w, pdu.tlvs);
      break;
    case 'submit_resp':
    case 'deliver_resp':
      w.bytes(checkLength(PROTOCOL, pdu.msgId, MSG_ID_LENGTH, 'MsgID'));
      writeTlvs(w, pdu.tlvs);
      break;
    case 'deliver':
      w.bytes(checkLength(PROTOCOL, pdu.msgId, MSG_ID_LENGTH, 'MsgID'));
      w.u8(checkU8(PROTOCOL, pdu.isReport, 'IsReport'));
      w.u8(checkU8(PROTOCOL, pdu.msgFormat, 'MsgFormat'));
      writeText(w, pdu.recvTime, 14, 'RecvTime');
      writeText(w, pdu.srcTermId, 21, 'SrcTermID');
      writeText(w, pdu.destTermId, 21, 'DestTermID');
      w.u8(checkU8(PROTOCOL, pdu.msgContent.length, 'MsgLength'));
      w.bytes(pdu.msgContent);
      writeTlvs(w, pdu.tlvs);
      break;
    case 'active_test':
    case 'active_test_resp':
    case 'exit':
    case 'exit_resp':
      break;
  }
  return w.finish();
}
