import { PduReader } from '../engine/bytes.js';
import { DecodeError } from '../engine/errors.js';
import type { FrameHeader } from '../engine/protocol.js';
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
import { MAX_USER_COUNT, type SgipPdu, type SgipTraceHop } from './pdu.js';
import { sequenceText, type SgipSequence } from './sequence.js';

const P = 'sgip';

/** Reads command id and sequence of a frame whose body may be unreadable. */
export function peekSgip(frame: Buffer): FrameHeader | null {
  if (frame.length < HEADER_LENGTH) return null;
  return {
    commandId: frame.readUInt32BE(4),
    sequence: sequenceText({ node: frame.readUInt32BE(8), time: frame.readUInt32BE(12), seq: frame.readUInt32BE(16) }),
  };
}

/**
 * Decodes one whole SGIP frame (Message_Length included). Throws only DecodeError: a length
 * that disagrees with the buffer, an unknown command id, a body of the wrong size, a UserCount
 * outside 1–100 or a MessageLength that overruns the frame.
 */
export function decodeSgip(frame: Buffer): SgipPdu {
  if (frame.length < HEADER_LENGTH) {
    throw new DecodeError(P, `frame of ${frame.length} bytes is shorter than the ${HEADER_LENGTH}-byte header`, 0);
  }
  const length = frame.readUInt32BE(0);
  const commandId = frame.readUInt32BE(4);
  if (length !== frame.length) {
    throw new DecodeError(P, `Message_Length ${length} but the frame has ${frame.length} bytes`, 0, commandId);
  }
  const sequence: SgipSequence = {
    node: frame.readUInt32BE(8),
    time: frame.readUInt32BE(12),
    seq: frame.readUInt32BE(16),
  };
  return decodeBody(new PduReader(P, frame, HEADER_LENGTH), commandId, sequence);
}

function decodeBody(r: PduReader, commandId: number, sequence: SgipSequence): SgipPdu {
  const body = r.remaining;
  switch (commandId) {
    case SgipCommandId.BIND: {
      expectBody(r, 'BIND', BIND_BODY);
      const loginType = r.u8('LoginType');
      const loginName = r.fixedString(LOGIN_NAME_SIZE, 'LoginName');
      const loginPassword = r.fixedString(PASSWORD_SIZE, 'LoginPassword');
      r.bytes(RESERVE_SIZE, 'Reserve');
      return { command: 'bind', sequence, loginType, loginName, loginPassword };
    }
    case SgipCommandId.BIND_RESP:
      return { command: 'bind_resp', sequence, result: readResult(r, 'BIND_RESP') };
    case SgipCommandId.UNBIND:
      expectBody(r, 'UNBIND', 0);
      return { command: 'unbind', sequence };
    case SgipCommandId.UNBIND_RESP:
      expectBody(r, 'UNBIND_RESP', 0);
      return { command: 'unbind_resp', sequence };
    case SgipCommandId.SUBMIT:
      return decodeSubmit(r, sequence, body);
    case SgipCommandId.SUBMIT_RESP:
      return { command: 'submit_resp', sequence, result: readResult(r, 'SUBMIT_RESP') };
    case SgipCommandId.DELIVER: {
      if (body < DELIVER_FIXED_BODY) throw tooShort(r, 'DELIVER', body, DELIVER_FIXED_BODY);
      const userNumber = r.fixedString(NUMBER_SIZE, 'UserNumber');
      const spNumber = r.fixedString(NUMBER_SIZE, 'SPNumber');
      const tpPid = r.u8('TP_pid');
      const tpUdhi = r.u8('TP_udhi');
      const messageCoding = r.u8('MessageCoding');
      const messageContent = readContent(r, body - DELIVER_FIXED_BODY);
      return { command: 'deliver', sequence, userNumber, spNumber, tpPid, tpUdhi, messageCoding, messageContent };
    }
    case SgipCommandId.DELIVER_RESP:
      return { command: 'deliver_resp', sequence, result: readResult(r, 'DELIVER_RESP') };
    case SgipCommandId.REPORT: {
      expectBody(r, 'REPORT', REPORT_BODY);
      const submitSequence = readSequence(r);
      const reportType = r.u8('ReportType');
      const userNumber = r.fixedString(NUMBER_SIZE, 'UserNumber');
      const state = r.u8('State');
      const errorCode = r.u8('ErrorCode');
      r.bytes(RESERVE_SIZE, 'Reserve');
      return { command: 'report', sequence, submitSequence, reportType, userNumber, state, errorCode };
    }
    case SgipCommandId.REPORT_RESP:
      return { command: 'report_resp', sequence, result: readResult(r, 'REPORT_RESP') };
    case SgipCommandId.USERRPT: {
      expectBody(r, 'USERRPT', USERRPT_BODY);
      const spNumber = r.fixedString(NUMBER_SIZE, 'SPNumber');
      const userNumber = r.fixedString(NUMBER_SIZE, 'UserNumber');
      const userCondition = r.u8('UserCondition');
      r.bytes(RESERVE_SIZE, 'Reserve');
      return { command: 'userrpt', sequence, spNumber, userNumber, userCondition };
    }
    case SgipCommandId.USERRPT_RESP:
      return { command: 'userrpt_resp', sequence, result: readResult(r, 'USERRPT_RESP') };
    case SgipCommandId.CHECKUSER: {
      expectBody(r, 'CHECKUSER', CHECKUSER_BODY);
      const userName = r.fixedString(LOGIN_NAME_SIZE, 'UserName');
      const password = r.fixedString(PASSWORD_SIZE, 'Password');
      const userNumber = r.fixedString(NUMBER_SIZE, 'UserNumber');
      r.bytes(RESERVE_SIZE, 'Reserve');
      return { command: 'checkuser', sequence, userName, password, userNumber };
    }
    case SgipCommandId.CHECKUSER_RESP: {
      expectBody(r, 'CHECKUSER_RESP', CHECKUSER_RESP_BODY);
      const result = r.u8('Result');
      const status = r.u8('Status');
      r.bytes(RESERVE_SIZE, 'Reserve');
      return { command: 'checkuser_resp', sequence, result, status };
    }
    case SgipCommandId.TRACE: {
      expectBody(r, 'TRACE', TRACE_BODY);
      const submitSequence = readSequence(r);
      const userNumber = r.fixedString(NUMBER_SIZE, 'UserNumber');
      r.bytes(RESERVE_SIZE, 'Reserve');
      return { command: 'trace', sequence, submitSequence, userNumber };
    }
    case SgipCommandId.TRACE_RESP:
      return decodeTraceResp(r, sequence, body);
    default:
      throw new DecodeError(P, `unknown Command_ID 0x${commandId.toString(16).padStart(8, '0')}`, 4, commandId);
  }
}

function decodeSubmit(r: PduReader, sequence: SgipSequence, body: number): SgipPdu {
  if (body < SUBMIT_FIXED_BODY + NUMBER_SIZE) throw tooShort(r, 'SUBMIT', body, SUBMIT_FIXED_BODY + NUMBER_SIZE);
  const spNumber = r.fixedString(NUMBER_SIZE, 'SPNumber');
  const chargeNumber = r.fixedString(NUMBER_SIZE, 'ChargeNumber');
  const userCount = r.u8('UserCount');
  if (userCount < 1 || userCount > MAX_USER_COUNT) {
    throw new DecodeError(P, `SUBMIT UserCount ${userCount} outside 1..${MAX_USER_COUNT}`, r.offset - 1);
  }
  const variable = body - SUBMIT_FIXED_BODY - userCount * NUMBER_SIZE;
  if (variable < 0) throw tooShort(r, 'SUBMIT', body, SUBMIT_FIXED_BODY + userCount * NUMBER_SIZE);
  const userNumbers: string[] = [];
  for (let i = 0; i < userCount; i++) userNumbers.push(r.fixedString(NUMBER_SIZE, 'UserNumber'));
  const corpId = r.fixedString(CORP_ID_SIZE, 'CorpId');
  const serviceType = r.fixedString(SERVICE_TYPE_SIZE, 'ServiceType');
  const feeType = r.u8('FeeType');
  const feeValue = r.fixedString(FEE_SIZE, 'FeeValue');
  const givenValue = r.fixedString(FEE_SIZE, 'GivenValue');
  const agentFlag = r.u8('AgentFlag');
  const morelatetoMTFlag = r.u8('MorelatetoMTFlag');
  const priority = r.u8('Priority');
  const expireTime = r.fixedString(TIME_SIZE, 'ExpireTime');
  const scheduleTime = r.fixedString(TIME_SIZE, 'ScheduleTime');
  const reportFlag = r.u8('ReportFlag');
  const tpPid = r.u8('TP_pid');
  const tpUdhi = r.u8('TP_udhi');
  const messageCoding = r.u8('MessageCoding');
  const messageType = r.u8('MessageType');
  const messageContent = readContent(r, variable);
  return {
    command: 'submit',
    sequence,
    spNumber,
    chargeNumber,
    userNumbers,
    corpId,
    serviceType,
    feeType,
    feeValue,
    givenValue,
    agentFlag,
    morelatetoMTFlag,
    priority,
    expireTime,
    scheduleTime,
    reportFlag,
    tpPid,
    tpUdhi,
    messageCoding,
    messageType,
    messageContent,
  };
}

function decodeTraceResp(r: PduReader, sequence: SgipSequence, body: number): SgipPdu {
  const count = r.u8('Count');
  if (body !== 1 + count * TRACE_HOP_SIZE) {
    throw new DecodeError(
      P,
      `TRACE_RESP body is ${body} bytes, Count ${count} needs ${1 + count * TRACE_HOP_SIZE}`,
      r.offset - 1,
    );
  }
  const hops: SgipTraceHop[] = [];
  for (let i = 0; i < count; i++) {
    const result = r.u8('Result');
    const nodeId = r.fixedString(TRACE_NODE_ID_SIZE, 'NodeId');
    const receiveTime = r.fixedString(TIME_SIZE, 'ReceiveTime');
    const sendTime = r.fixedString(TIME_SIZE, 'SendTime');
    r.bytes(RESERVE_SIZE, 'Reserve');
    hops.push({ result, nodeId, receiveTime, sendTime });
  }
  return { command: 'trace_resp', sequence, hops };
}

/** MessageLength (uint32) must account for exactly the bytes between it and the final Reserve. */
function readContent(r: PduReader, expected: number): Buffer {
  const at = r.offset;
  const length = r.u32('MessageLength');
  if (length !== expected) {
    throw new DecodeError(P, `MessageLength ${length} but the body leaves room for ${expected}`, at);
  }
  const content = r.bytes(length, 'MessageContent');
  r.bytes(RESERVE_SIZE, 'Reserve');
  r.expectEnd('message');
  return content;
}

function readResult(r: PduReader, what: string): number {
  expectBody(r, what, RESULT_BODY);
  const result = r.u8('Result');
  r.bytes(RESERVE_SIZE, 'Reserve');
  return result;
}

function readSequence(r: PduReader): SgipSequence {
  return { node: r.u32('SequenceNumber node'), time: r.u32('SequenceNumber time'), seq: r.u32('SequenceNumber seq') };
}

function expectBody(r: PduReader, what: string, size: number): void {
  if (r.remaining !== size) {
    throw new DecodeError(P, `${what} body is ${r.remaining} bytes, expected ${size}`, r.offset);
  }
}

function tooShort(r: PduReader, what: string, body: number, minimum: number): DecodeError {
  return new DecodeError(P, `${what} body is ${body} bytes, at least ${minimum} expected`, r.offset);
}
