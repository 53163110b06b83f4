import { PduWriter } from '../engine/bytes.js';
import { EncodeError } from '../engine/errors.js';
import { SgipCommandId } from './command-ids.js';
import {
  BIND_BODY,
  CHECKUSER_BODY,
  CHECKUSER_RESP_BODY,
  CORP_ID_SIZE,
  DELIVER_FIXED_BODY,
  FEE_SIZE,
  HEADER_LENGTH,
  LOGIN_NAME_SIZE,
  MAX_PDU_LENGTH,
  NUMBER_SIZE,
  PASSWORD_SIZE,
  REPORT_BODY,
  RESERVE_SIZE,
  RESULT_BODY,
  SERVICE_TYPE_SIZE,
  SUBMIT_FIXED_BODY,
  TIME_SIZE,
  TRACE_BODY,
  TRACE_HOP_SIZE,
  TRACE_NODE_ID_SIZE,
  USERRPT_BODY,
} from './layout.js';
import { MAX_USER_COUNT, type SgipPdu } from './pdu.js';
import type { SgipSequence } from './sequence.js';

const P = 'sgip';

/**
 * Encodes one PDU into one buffer of exactly its size. Throws only EncodeError: text that is not
 * ASCII or longer than its field, an integer outside its field, no or too many recipients, or a
 * PDU above the spec's 2 KiB packet limit.
 */
export function encodeSgip(pdu: SgipPdu): Buffer {
  switch (pdu.command) {
    case 'bind': {
      const w = start(pdu.sequence, SgipCommandId.BIND, BIND_BODY);
      u8(w, pdu.loginType, 'LoginType');
      text(w, pdu.loginName, LOGIN_NAME_SIZE, 'LoginName');
      text(w, pdu.loginPassword, PASSWORD_SIZE, 'LoginPassword');
      return w.zeros(RESERVE_SIZE).finish();
    }
    case 'bind_resp':
      return result(pdu.sequence, SgipCommandId.BIND_RESP, pdu.result);
    case 'unbind':
      return start(pdu.sequence, SgipCommandId.UNBIND, 0).finish();
    case 'unbind_resp':
      return start(pdu.sequence, SgipCommandId.UNBIND_RESP, 0).finish();
    case 'submit': {
      const count = pdu.userNumbers.length;
      if (count < 1 || count > MAX_USER_COUNT) {
        throw new EncodeError(P, `SUBMIT needs 1..${MAX_USER_COUNT} UserNumbers, got ${count}`);
      }
      const content = pdu.messageContent;
      const w = start(pdu.sequence, SgipCommandId.SUBMIT, SUBMIT_FIXED_BODY + count * NUMBER_SIZE + content.length);
      text(w, pdu.spNumber, NUMBER_SIZE, 'SPNumber');
      text(w, pdu.chargeNumber, NUMBER_SIZE, 'ChargeNumber');
      w.u8(count);
      for (const number of pdu.userNumbers) text(w, number, NUMBER_SIZE, 'UserNumber');
      text(w, pdu.corpId, CORP_ID_SIZE, 'CorpId');
      text(w, pdu.serviceType, SERVICE_TYPE_SIZE, 'ServiceType');
      u8(w, pdu.feeType, 'FeeType');
      text(w, pdu.feeValue, FEE_SIZE, 'FeeValue');
      text(w, pdu.givenValue, FEE_SIZE, 'GivenValue');
      u8(w, pdu.agentFlag, 'AgentFlag');
      u8(w, pdu.morelatetoMTFlag, 'MorelatetoMTFlag');
      u8(w, pdu.priority, 'Priority');
      text(w, pdu.expireTime, TIME_SIZE, 'ExpireTime');
      text(w, pdu.scheduleTime, TIME_SIZE, 'ScheduleTime');
      u8(w, pdu.reportFlag, 'ReportFlag');
      u8(w, pdu.tpPid, 'TP_pid');
      u8(w, pdu.tpUdhi, 'TP_udhi');
      u8(w, pdu.messageCoding, 'MessageCoding');
      u8(w, pdu.messageType, 'MessageType');
      w.u32(content.length).bytes(content);
      return w.zeros(RESERVE_SIZE).finish();
    }
    case 'submit_resp':
      return result(pdu.sequence, SgipCommandId.SUBMIT_RESP, pdu.result);
    case 'deliver': {
      const content = pdu.messageContent;
      const w = start(pdu.sequence, SgipCommandId.DELIVER, DELIVER_FIXED_BODY + content.length);
      text(w, pdu.userNumber, NUMBER_SIZE, 'UserNumber');
      text(w, pdu.spNumber, NUMBER_SIZE, 'SPNumber');
      u8(w, pdu.tpPid, 'TP_pid');
      u8(w, pdu.tpUdhi, 'TP_udhi');
      u8(w, pdu.messageCoding, 'MessageCoding');
      w.u32(content.length).bytes(content);
      return w.zeros(RESERVE_SIZE).finish();
    }
    case 'deliver_resp':
      return result(pdu.sequence, SgipCommandId.DELIVER_RESP, pdu.result);
    case 'report': {
      const w = start(pdu.sequence, SgipCommandId.REPORT, REPORT_BODY);
      sequence(w, pdu.submitSequence, 'SubmitSequenceNumber');
      u8(w, pdu.reportType, 'ReportType');
      text(w, pdu.userNumber, NUMBER_SIZE, 'UserNumber');
      u8(w, pdu.state, 'State');
      u8(w, pdu.errorCode, 'ErrorCode');
      return w.zeros(RESERVE_SIZE).finish();
    }
    case 'report_resp':
      return result(pdu.sequence, SgipCommandId.REPORT_RESP, pdu.result);
    case 'userrpt': {
      const w = start(pdu.sequence, SgipCommandId.USERRPT, USERRPT_BODY);
      text(w, pdu.spNumber, NUMBER_SIZE, 'SPNumber');
      text(w, pdu.userNumber, NUMBER_SIZE, 'UserNumber');
      u8(w, pdu.userCondition, 'UserCondition');
      return w.zeros(RESERVE_SIZE).finish();
    }
    case 'userrpt_resp':
      return result(pdu.sequence, SgipCommandId.USERRPT_RESP, pdu.result);
    case 'checkuser': {
      const w = start(pdu.sequence, SgipCommandId.CHECKUSER, CHECKUSER_BODY);
      text(w, pdu.userName, LOGIN_NAME_SIZE, 'UserName');
      text(w, pdu.password, PASSWORD_SIZE, 'Password');
      text(w, pdu.userNumber, NUMBER_SIZE, 'UserNumber');
      return w.zeros(RESERVE_SIZE).finish();
    }
    case 'checkuser_resp': {
      const w = start(pdu.sequence, SgipCommandId.CHECKUSER_RESP, CHECKUSER_RESP_BODY);
      u8(w, pdu.result, 'Result');
      u8(w, pdu.status, 'Status');
      return w.zeros(RESERVE_SIZE).finish();
    }
    case 'trace': {
      const w = start(pdu.sequence, SgipCommandId.TRACE, TRACE_BODY);
      sequence(w, pdu.submitSequence, 'SubmitSequenceNumber');
      text(w, pdu.userNumber, NUMBER_SIZE, 'UserNumber');
      return w.zeros(RESERVE_SIZE).finish();
    }
    case 'trace_resp': {
      const count = pdu.hops.length;
      if (count > 0xff) throw new EncodeError(P, `TRACE_RESP Count ${count} does not fit one byte`);
      const w = start(pdu.sequence, SgipCommandId.TRACE_RESP, 1 + count * TRACE_HOP_SIZE);
      w.u8(count);
      for (const hop of pdu.hops) {
        u8(w, hop.result, 'Result');
        text(w, hop.nodeId, TRACE_NODE_ID_SIZE, 'NodeId');
        text(w, hop.receiveTime, TIME_SIZE, 'ReceiveTime');
        text(w, hop.sendTime, TIME_SIZE, 'SendTime');
        w.zeros(RESERVE_SIZE);
      }
      return w.finish();
    }
  }
}

function start(seq: SgipSequence, commandId: number, body: number): PduWriter {
  const total = HEADER_LENGTH + body;
  if (total > MAX_PDU_LENGTH) {
    throw new EncodeError(
      P,
      `PDU 0x${commandId.toString(16)} would be ${total} bytes, above the ${MAX_PDU_LENGTH}-byte limit`,
    );
  }
  const w = new PduWriter(P, total);
  w.u32(total).u32(commandId);
  sequence(w, seq, 'SequenceNumber');
  return w;
}

function result(seq: SgipSequence, commandId: number, value: number): Buffer {
  const w = start(seq, commandId, RESULT_BODY);
  u8(w, value, 'Result');
  return w.zeros(RESERVE_SIZE).finish();
}

function sequence(w: PduWriter, seq: SgipSequence, field: string): void {
  u32(w, seq.node, `${field} node`);
  u32(w, seq.time, `${field} time`);
  u32(w, seq.seq, `${field} seq`);
}

function u8(w: PduWriter, value: number, field: string): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xff)
    throw new EncodeError(P, `${field} ${value} is not a uint8`);
  w.u8(value);
}

function u32(w: PduWriter, value: number, field: string): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new EncodeError(P, `${field} ${value} is not a uint32`);
  }
  w.u32(value);
}

/** Fixed-size text field, NUL-padded. SGIP text fields are ASCII (numbers, codes, names). */
function text(w: PduWriter, value: string, size: number, field: string): void {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0 || c > 0x7f) throw new EncodeError(P, `${field} "${value}" has a NUL or non-ASCII character`);
  }
  w.octets(value, size, field);
}
