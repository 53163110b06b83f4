import fc from 'fast-check';
import type { SgipPdu, SgipSequence } from '@smshub/protocols/sgip';

/**
 * Generators for SGIP PDUs. Text is drawn from characters the decoder gives back unchanged
 * (no NUL, no trailing space: readers trim both).
 */
const chars = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+-_.';
const text = (max: number): fc.Arbitrary<string> =>
  fc.array(fc.constantFrom(...chars), { maxLength: max }).map((list) => list.join(''));
const u8 = fc.integer({ min: 0, max: 0xff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });

export const sequenceArb: fc.Arbitrary<SgipSequence> = fc.record({ node: u32, time: u32, seq: u32 });

const content = fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes));

export const pduArb: fc.Arbitrary<SgipPdu> = fc.oneof(
  fc.record({
    command: fc.constant('bind' as const),
    sequence: sequenceArb,
    loginType: u8,
    loginName: text(16),
    loginPassword: text(16),
  }),
  fc.record({
    command: fc.constantFrom('bind_resp' as const, 'submit_resp' as const, 'deliver_resp' as const),
    sequence: sequenceArb,
    result: u8,
  }),
  fc.record({
    command: fc.constantFrom('report_resp' as const, 'userrpt_resp' as const),
    sequence: sequenceArb,
    result: u8,
  }),
  fc.record({ command: fc.constantFrom('unbind' as const, 'unbind_resp' as const), sequence: sequenceArb }),
  fc.record({
    command: fc.constant('submit' as const),
    sequence: sequenceArb,
    spNumber: text(21),
    chargeNumber: text(21),
    userNumbers: fc.array(text(21), { minLength: 1, maxLength: 12 }),
    corpId: text(5),
    serviceType: text(10),
    feeType: u8,
    feeValue: text(6),
    givenValue: text(6),
    agentFlag: u8,
    morelatetoMTFlag: u8,
    priority: u8,
    expireTime: text(16),
    scheduleTime: text(16),
    reportFlag: u8,
    tpPid: u8,
    tpUdhi: u8,
    messageCoding: u8,
    messageType: u8,
    messageContent: content,
  }),
  fc.record({
    command: fc.constant('deliver' as const),
    sequence: sequenceArb,
    userNumber: text(21),
    spNumber: text(21),
    tpPid: u8,
    tpUdhi: u8,
    messageCoding: u8,
    messageContent: content,
  }),
  fc.record({
    command: fc.constant('report' as const),
    sequence: sequenceArb,
    submitSequence: sequenceArb,
    reportType: u8,
    userNumber: text(21),
    state: u8,
    errorCode: u8,
  }),
  fc.record({
    command: fc.constant('userrpt' as const),
    sequence: sequenceArb,
    spNumber: text(21),
    userNumber: text(21),
    userCondition: u8,
  }),
  fc.record({
    command: fc.constant('checkuser' as const),
    sequence: sequenceArb,
    userName: text(16),
    password: text(16),
    userNumber: text(21),
  }),
  fc.record({ command: fc.constant('checkuser_resp' as const), sequence: sequenceArb, result: u8, status: u8 }),
  fc.record({
    command: fc.constant('trace' as const),
    sequence: sequenceArb,
    submitSequence: sequenceArb,
    userNumber: text(21),
  }),
  fc.record({
    command: fc.constant('trace_resp' as const),
    sequence: sequenceArb,
    hops: fc.array(fc.record({ result: u8, nodeId: text(6), receiveTime: text(16), sendTime: text(16) }), {
      maxLength: 5,
    }),
  }),
);
