import fc from 'fast-check';
import type { CmppPdu, CmppStatusReport, CmppVersion } from '../../src/cmpp/index.js';

/**
 * Generators of valid PDUs for one version: text fields never end in a space or hold a NUL
 * (the reader trims both, reference conventions), and 3.0-only fields appear only on 3.0.
 */
const textChar = fc.integer({ min: 0x21, max: 0xff }).map((c) => String.fromCharCode(c));

export function text(max: number): fc.Arbitrary<string> {
  return fc.array(textChar, { maxLength: max }).map((chars) => chars.join(''));
}

const u8 = fc.integer({ min: 0, max: 0xff });
const u32 = fc.nat({ max: 0xffffffff });
const u64 = fc.bigInt({ min: 0n, max: 0xffffffffffffffffn });
const sequence = u32;
const bytes = (max: number): fc.Arbitrary<Buffer> => fc.uint8Array({ maxLength: max }).map((a) => Buffer.from(a));

export function arbitraryPdu(version: CmppVersion): fc.Arbitrary<CmppPdu> {
  const is30 = version === 0x30;
  const terminal = text(is30 ? 32 : 21);
  const status = is30 ? u32 : u8;
  const report: fc.Arbitrary<CmppStatusReport> = fc.record({
    msgId: u64,
    stat: text(7),
    submitTime: text(10),
    doneTime: text(10),
    destTerminalId: text(21),
    smscSequence: u32,
    blockLength: fc.constantFrom(60 as const, 71 as const),
  });
  const v30 = <T>(fields: fc.Arbitrary<T>): fc.Arbitrary<T | Record<string, never>> =>
    is30 ? fields : fc.constant({});
  const deliverBase = fc.record({
    sequence,
    msgId: u64,
    destId: text(21),
    serviceId: text(10),
    tpPid: u8,
    tpUdhi: u8,
    msgFmt: u8,
    srcTerminalId: terminal,
  });
  const deliver30 = v30(fc.record({ srcTerminalType: u8, linkId: text(20) }));

  return fc.oneof(
    fc
      .record({
        sequence,
        sourceAddr: text(6),
        authenticatorSource: fc.uint8Array({ minLength: 16, maxLength: 16 }).map((a) => Buffer.from(a)),
        version: u8,
        timestamp: u32,
      })
      .map((f): CmppPdu => ({ command: 'connect', ...f })),
    fc
      .record({
        sequence,
        status,
        authenticatorIsmg: fc.uint8Array({ minLength: 16, maxLength: 16 }).map((a) => Buffer.from(a)),
        version: u8,
      })
      .map((f): CmppPdu => ({ command: 'connect_resp', ...f })),
    sequence.map((s): CmppPdu => ({ command: 'terminate', sequence: s })),
    sequence.map((s): CmppPdu => ({ command: 'terminate_resp', sequence: s })),
    fc
      .tuple(
        fc.record({
          sequence,
          msgId: u64,
          pkTotal: u8,
          pkNumber: u8,
          registeredDelivery: u8,
          msgLevel: u8,
          serviceId: text(10),
          feeUserType: u8,
          feeTerminalId: terminal,
          tpPid: u8,
          tpUdhi: u8,
          msgFmt: u8,
          msgSrc: text(6),
          feeType: text(2),
          feeCode: text(6),
          validTime: text(17),
          atTime: text(17),
          srcId: text(21),
          destTerminalIds: fc.array(terminal, { minLength: 1, maxLength: 99 }),
          msgContent: bytes(255),
        }),
        v30(fc.record({ feeTerminalType: u8, destTerminalType: u8, linkId: text(20) })),
      )
      .map(([f, extra]): CmppPdu => ({ command: 'submit', ...f, ...extra })),
    fc.record({ sequence, msgId: u64, result: status }).map((f): CmppPdu => ({ command: 'submit_resp', ...f })),
    fc.tuple(deliverBase, deliver30, bytes(255)).map(([f, extra, msgContent]): CmppPdu => ({
      command: 'deliver',
      ...f,
      ...extra,
      registeredDelivery: 0,
      msgContent,
    })),
    fc
      .tuple(deliverBase, deliver30, report)
      .map(([f, extra, r]): CmppPdu => ({ command: 'deliver', ...f, ...extra, registeredDelivery: 1, report: r })),
    fc.record({ sequence, msgId: u64, result: status }).map((f): CmppPdu => ({ command: 'deliver_resp', ...f })),
    fc
      .record({ sequence, time: text(8), queryType: u8, queryCode: text(10), reserve: text(8) })
      .map((f): CmppPdu => ({ command: 'query', ...f })),
    fc
      .record({
        sequence,
        time: text(8),
        queryType: u8,
        queryCode: text(10),
        mtTlMsg: u32,
        mtTlUsr: u32,
        mtScs: u32,
        mtWt: u32,
        mtFl: u32,
        moScs: u32,
        moWt: u32,
        moFl: u32,
      })
      .map((f): CmppPdu => ({ command: 'query_resp', ...f })),
    fc.record({ sequence, msgId: u64 }).map((f): CmppPdu => ({ command: 'cancel', ...f })),
    fc.record({ sequence, successId: status }).map((f): CmppPdu => ({ command: 'cancel_resp', ...f })),
    sequence.map((s): CmppPdu => ({ command: 'active_test', sequence: s })),
    fc.record({ sequence, reserved: u8 }).map((f): CmppPdu => ({ command: 'active_test_resp', ...f })),
  );
}
