import { PduReader, PduWriter } from '../engine/bytes.js';
import { DecodeError, EncodeError } from '../engine/errors.js';
import { AUTHENTICATOR_LENGTH } from './authenticator.js';
import { SmgpCommandId, smgpCommandName } from './command-ids.js';
import { MSG_ID_LENGTH } from './msg-id.js';
import type { SmgpPdu } from './pdu.js';
import { readTlvs, tlvsSize, writeTlvs } from './tlv.js';
import { checkLength, checkU32, checkU8, inCommand, writeText } from './wire-fields.js';

/**
 * SMGP frames: PacketLength uint32, RequestID uint32, SequenceID uint32, then the body (SMGP 3.0
 * spec §5.2.1, reference §3.1). Offsets in the comments are from the start of the body.
 *
 * 2.0 vs 3.0 (reference §3.9): the 3.0 spec says it only added the TLV optional parameters to
 * the 2.0 base protocol, and a 2004-era SMGP gateway (wujunjenny/smgw smsapp/smgpdef.h) lays out
 * Submit with FixedFee and Reserve exactly as 3.0 does. So one fixed layout serves both versions
 * and TLVs are read when bytes remain — a 2.0 peer simply sends none. (SMSGate's 1.3 layout
 * without FixedFee is not supported.)
 */
const PROTOCOL = 'smgp';
export const SMGP_HEADER_LENGTH = 12;

/** Destination numbers per Submit: at most 100 (reference §3.3, DestTermIDCount). */
const MAX_DESTINATIONS = 100;

export function decodeSmgp(frame: Buffer): SmgpPdu {
  if (frame.length < SMGP_HEADER_LENGTH) {
    throw new DecodeError(PROTOCOL, `frame of ${frame.length} bytes is shorter than the 12-byte header`, 0);
  }
  const length = frame.readUInt32BE(0);
  const commandId = frame.readUInt32BE(4);
  if (length !== frame.length) {
    throw new DecodeError(
      PROTOCOL,
      `PacketLength ${length} does not match the ${frame.length}-byte frame`,
      0,
      commandId,
    );
  }
  const sequence = frame.readUInt32BE(8);
  const r = new PduReader(PROTOCOL, frame, SMGP_HEADER_LENGTH);
  try {
    return decodeBody(r, commandId, sequence);
  } catch (error) {
    if (error instanceof DecodeError && error.commandId === undefined) {
      throw inCommand(PROTOCOL, smgpCommandName(commandId) ?? 'command', error, commandId);
    }
    throw error;
  }
}

function decodeBody(r: PduReader, commandId: number, sequence: number): SmgpPdu {
  switch (commandId) {
    case SmgpCommandId.login: {
      const pdu: SmgpPdu = {
        command: 'login',
        sequence,
        clientId: r.fixedString(8, 'ClientID'), // @0
        authenticatorClient: r.bytes(AUTHENTICATOR_LENGTH, 'AuthenticatorClient'), // @8
        loginMode: r.u8('LoginMode'), // @24
        timestamp: r.u32('TimeStamp'), // @25
        clientVersion: r.u8('ClientVersion'), // @29
      };
      r.expectEnd('Login');
      return pdu;
    }
    case SmgpCommandId.login_resp: {
      const pdu: SmgpPdu = {
        command: 'login_resp',
        sequence,
        status: r.u32('Status'), // @0
        authenticatorServer: r.bytes(AUTHENTICATOR_LENGTH, 'AuthenticatorServer'), // @4
        serverVersion: r.u8('ServerVersion'), // @20
      };
      r.expectEnd('Login_Resp');
      return pdu;
    }
    case SmgpCommandId.submit: {
      const msgType = r.u8('MsgType'); // @0
      const needReport = r.u8('NeedReport'); // @1
      const priority = r.u8('Priority'); // @2
      const serviceId = r.fixedString(10, 'ServiceID'); // @3
      const feeType = r.fixedString(2, 'FeeType'); // @13
      const feeCode = r.fixedString(6, 'FeeCode'); // @15
      const fixedFee = r.fixedString(6, 'FixedFee'); // @21
      const msgFormat = r.u8('MsgFormat'); // @27
      const validTime = r.fixedString(17, 'ValidTime'); // @28
      const atTime = r.fixedString(17, 'AtTime'); // @45
      const srcTermId = r.fixedString(21, 'SrcTermID'); // @62
      const chargeTermId = r.fixedString(21, 'ChargeTermID'); // @83
      const count = r.u8('DestTermIDCount'); // @104
      const destTermIds: string[] = [];
      for (let i = 0; i < count; i++) destTermIds.push(r.fixedString(21, 'DestTermID')); // @105 + 21i
      const msgLength = r.u8('MsgLength'); // @105+21N
      const msgContent = r.bytes(msgLength, 'MsgContent');
      const reserve = r.fixedString(8, 'Reserve');
      const tlvs = readTlvs(r); // @114+21N+L
      return {
        command: 'submit',
        sequence,
        msgType,
        needReport,
        priority,
        serviceId,
        feeType,
        feeCode,
        fixedFee,
        msgFormat,
        validTime,
        atTime,
        srcTermId,
        chargeTermId,
        destTermIds,
        msgContent,
        reserve,
        tlvs,
      };
    }
    case SmgpCommandId.submit_resp:
    case SmgpCommandId.deliver_resp: {
      const msgId = r.bytes(MSG_ID_LENGTH, 'MsgID'); // @0
      const status = r.u32('Status'); // @10
      r.expectEnd(commandId === SmgpCommandId.submit_resp ? 'Submit_Resp' : 'Deliver_Resp');
      return {
        command: commandId === SmgpCommandId.submit_resp ? 'submit_resp' : 'deliver_resp',
        sequence,
        msgId,
        status,
      };
    }
    case SmgpCommandId.deliver: {
      const msgId = r.bytes(MSG_ID_LENGTH, 'MsgID'); // @0
      const isReport = r.u8('IsReport'); // @10
      const msgFormat = r.u8('MsgFormat'); // @11
      const recvTime = r.fixedString(14, 'RecvTime'); // @12
      const srcTermId = r.fixedString(21, 'SrcTermID'); // @26
      const destTermId = r.fixedString(21, 'DestTermID'); // @47
      const msgLength = r.u8('MsgLength'); // @68
      const msgContent = r.bytes(msgLength, 'MsgContent'); // @69
      const reserve = r.fixedString(8, 'Reserve'); // @69+L
      const tlvs = readTlvs(r); // @77+L
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
        reserve,
        tlvs,
      };
    }
    case SmgpCommandId.active_test:
    case SmgpCommandId.active_test_resp:
    case SmgpCommandId.exit:
    case SmgpCommandId.exit_resp: {
      const command = smgpCommandName(commandId) as 'active_test' | 'active_test_resp' | 'exit' | 'exit_resp';
      r.expectEnd(command);
      return { command, sequence };
    }
    case SmgpCommandId.query: {
      const pdu: SmgpPdu = {
        command: 'query',
        sequence,
        queryTime: r.fixedString(8, 'QueryTime'), // @0
        queryType: r.u8('QueryType'), // @8
        queryCode: r.fixedString(10, 'QueryCode'), // @9
      };
      r.expectEnd('Query');
      return pdu;
    }
    case SmgpCommandId.query_resp: {
      const pdu: SmgpPdu = {
        command: 'query_resp',
        sequence,
        queryTime: r.fixedString(8, 'QueryTime'), // @0
        queryType: r.u8('QueryType'), // @8
        queryCode: r.fixedString(10, 'QueryCode'), // @9
        mtTlMsg: r.u32('MT_TLMsg'), // @19
        mtTlUsr: r.u32('MT_Tlusr'), // @23
        mtScs: r.u32('MT_Scs'), // @27
        mtWt: r.u32('MT_WT'), // @31
        mtFl: r.u32('MT_FL'), // @35
        moScs: r.u32('MO_Scs'), // @39
        moWt: r.u32('MO_WT'), // @43
        moFl: r.u32('MO_FL'), // @47
        reserve: r.fixedString(8, 'Reserve'), // @51
      };
      r.expectEnd('Query_Resp');
      return pdu;
    }
    default: {
      const name = smgpCommandName(commandId);
      const what = name === undefined ? 'unknown RequestID' : `${name} is not supported on an SP connection`;
      throw new DecodeError(PROTOCOL, `${what} 0x${commandId.toString(16).padStart(8, '0')}`, 4, commandId);
    }
  }
}

function bodySize(pdu: SmgpPdu): number {
  switch (pdu.command) {
    case 'login':
      return 30;
    case 'login_resp':
      return 21;
    case 'submit':
      return 114 + 21 * pdu.destTermIds.length + pdu.msgContent.length + tlvsSize(pdu.tlvs);
    case 'submit_resp':
    case 'deliver_resp':
      return 14;
    case 'deliver':
      return 77 + pdu.msgContent.length + tlvsSize(pdu.tlvs);
    case 'active_test':
    case 'active_test_resp':
    case 'exit':
    case 'exit_resp':
      return 0;
    case 'query':
      return 19;
    case 'query_resp':
      return 59;
  }
}

export function encodeSmgp(pdu: SmgpPdu): Buffer {
  const size = SMGP_HEADER_LENGTH + bodySize(pdu);
  const w = new PduWriter(PROTOCOL, size);
  w.u32(size)
    .u32(SmgpCommandId[pdu.command])
    .u32(checkU32(PROTOCOL, pdu.sequence, 'SequenceID'));
  switch (pdu.command) {
    case 'login':
      writeText(w, pdu.clientId, 8, 'ClientID');
      w.bytes(checkLength(PROTOCOL, pdu.authenticatorClient, AUTHENTICATOR_LENGTH, 'AuthenticatorClient'));
      w.u8(checkU8(PROTOCOL, pdu.loginMode, 'LoginMode'));
      w.u32(checkU32(PROTOCOL, pdu.timestamp, 'TimeStamp'));
      w.u8(checkU8(PROTOCOL, pdu.clientVersion, 'ClientVersion'));
      break;
    case 'login_resp':
      w.u32(checkU32(PROTOCOL, pdu.status, 'Status'));
      w.bytes(checkLength(PROTOCOL, pdu.authenticatorServer, AUTHENTICATOR_LENGTH, 'AuthenticatorServer'));
      w.u8(checkU8(PROTOCOL, pdu.serverVersion, 'ServerVersion'));
      break;
    case 'submit':
      if (pdu.destTermIds.length > MAX_DESTINATIONS) {
        throw new EncodeError(
          PROTOCOL,
          `Submit has ${pdu.destTermIds.length} DestTermIDs, at most ${MAX_DESTINATIONS} allowed`,
        );
      }
      w.u8(checkU8(PROTOCOL, pdu.msgType, 'MsgType'));
      w.u8(checkU8(PROTOCOL, pdu.needReport, 'NeedReport'));
      w.u8(checkU8(PROTOCOL, pdu.priority, 'Priority'));
      writeText(w, pdu.serviceId, 10, 'ServiceID');
      writeText(w, pdu.feeType, 2, 'FeeType');
      writeText(w, pdu.feeCode, 6, 'FeeCode');
      writeText(w, pdu.fixedFee, 6, 'FixedFee');
      w.u8(checkU8(PROTOCOL, pdu.msgFormat, 'MsgFormat'));
      writeText(w, pdu.validTime, 17, 'ValidTime');
      writeText(w, pdu.atTime, 17, 'AtTime');
      writeText(w, pdu.srcTermId, 21, 'SrcTermID');
      writeText(w, pdu.chargeTermId, 21, 'ChargeTermID');
      w.u8(pdu.destTermIds.length);
      for (const dest of pdu.destTermIds) writeText(w, dest, 21, 'DestTermID');
      w.u8(checkU8(PROTOCOL, pdu.msgContent.length, 'MsgLength'));
      w.bytes(pdu.msgContent);
      writeText(w, pdu.reserve, 8, 'Reserve');
      writeTlvs(w, pdu.tlvs);
      break;
    case 'submit_resp':
    case 'deliver_resp':
      w.bytes(checkLength(PROTOCOL, pdu.msgId, MSG_ID_LENGTH, 'MsgID'));
      w.u32(checkU32(PROTOCOL, pdu.status, 'Status'));
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
      writeText(w, pdu.reserve, 8, 'Reserve');
      writeTlvs(w, pdu.tlvs);
      break;
    case 'active_test':
    case 'active_test_resp':
    case 'exit':
    case 'exit_resp':
      break;
    case 'query':
      writeText(w, pdu.queryTime, 8, 'QueryTime');
      w.u8(checkU8(PROTOCOL, pdu.queryType, 'QueryType'));
      writeText(w, pdu.queryCode, 10, 'QueryCode');
      break;
    case 'query_resp':
      writeText(w, pdu.queryTime, 8, 'QueryTime');
      w.u8(checkU8(PROTOCOL, pdu.queryType, 'QueryType'));
      writeText(w, pdu.queryCode, 10, 'QueryCode');
      for (const [field, value] of [
        ['MT_TLMsg', pdu.mtTlMsg],
        ['MT_Tlusr', pdu.mtTlUsr],
        ['MT_Scs', pdu.mtScs],
        ['MT_WT', pdu.mtWt],
        ['MT_FL', pdu.mtFl],
        ['MO_Scs', pdu.moScs],
        ['MO_WT', pdu.moWt],
        ['MO_FL', pdu.moFl],
      ] as const) {
        w.u32(checkU32(PROTOCOL, value, field));
      }
      writeText(w, pdu.reserve, 8, 'Reserve');
      break;
  }
  return w.finish();
}
