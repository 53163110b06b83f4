import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '@smshub/protocols';
import { decodeCngp, encodeCngp, type CngpPdu } from '@smshub/protocols/cngp';
import type { Tlv } from '@smshub/protocols/smgp';

const text = (max: number) =>
  fc.string({
    unit: fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'),
    maxLength: max,
  });
const u8 = fc.integer({ min: 0, max: 255 });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const bytes = (min: number, max: number) =>
  fc.uint8Array({ minLength: min, maxLength: max }).map((a) => Buffer.from(a));
const tlvs: fc.Arbitrary<Tlv[]> = fc.array(
  fc.record({ tag: fc.integer({ min: 0, max: 0xffff }), value: bytes(0, 16) }),
  { maxLength: 3 },
);

const pdu: fc.Arbitrary<CngpPdu> = fc.oneof(
  fc.record({
    command: fc.constant('login' as const),
    sequence: u32,
    clientId: text(10),
    authenticatorClient: bytes(16, 16),
    loginMode: u8,
    timestamp: u32,
    version: u8,
  }),
  fc.record({
    command: fc.constant('login_resp' as const),
    sequence: u32,
    status: u32,
    authenticatorServer: bytes(16, 16),
    version: u8,
  }),
  fc.record({
    command: fc.constant('submit' as const),
    sequence: u32,
    spId: text(10),
    subType: u8,
    needReport: u8,
    priority: u8,
    serviceId: text(10),
    feeType: text(2),
    feeUserType: u8,
    feeCode: text(6),
    msgFormat: u8,
    validTime: text(17),
    atTime: text(17),
    srcTermId: text(21),
    chargeTermId: text(21),
    destTermIds: fc.array(text(21), { maxLength: 5 }),
    msgContent: bytes(0, 255),
    tlvs,
  }),
  fc.record({
    command: fc.constantFrom('submit_resp' as const, 'deliver_resp' as const),
    sequence: u32,
    status: u32,
    msgId: bytes(10, 10),
    tlvs,
  }),
  fc.record({
    command: fc.constant('deliver' as const),
    sequence: u32,
    msgId: bytes(10, 10),
    isReport: u8,
    msgFormat: u8,
    recvTime: text(14),
    srcTermId: text(21),
    destTermId: text(21),
    msgContent: bytes(0, 255),
    tlvs,
  }),
  fc.record({ command: fc.constantFrom('active_test' as const, 'exit' as const), sequence: u32 }),
  fc.record({
    command: fc.constantFrom('active_test_resp' as const, 'exit_resp' as const),
    sequence: u32,
    status: u32,
  }),
) as fc.Arbitrary<CngpPdu>;

function onlyDecodeErrors(frame: Buffer): void {
  try {
    decodeCngp(frame);
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
  }
}

describe('CNGP codec properties', () => {
  it('decode(encode(pdu)) equals pdu', () => {
    fc.assert(
      fc.property(pdu, (p) => {
        expect(decodeCngp(encodeCngp(p))).toEqual(p);
      }),
      { numRuns: 500 },
    );
  });

  it('random bytes raise nothing but DecodeError', () => {
    fc.assert(
      fc.property(bytes(0, 300), (frame) => onlyDecodeErrors(frame)),
      { numRuns: 2000 },
    );
  });

  it('random bodies behind a valid header raise nothing but DecodeError', () => {
    const ids = [1, 2, 3, 4, 5, 6, 0x80000001, 0x80000002, 0x80000003, 0x80000004, 0x80000006, 0xdeadbeef];
    fc.assert(
      fc.property(fc.constantFrom(...ids), bytes(0, 300), (commandId, body) => {
        const frame = Buffer.alloc(16 + body.length);
        frame.writeUInt32BE(frame.length, 0);
        frame.writeUInt32BE(commandId, 4);
        body.copy(frame, 16);
        onlyDecodeErrors(frame);
      }),
      { numRuns: 2000 },
    );
  });

  it('every truncation of a valid frame raises only DecodeError', () => {
    fc.assert(
      fc.property(pdu, fc.boolean(), (p, fixLength) => {
        const frame = encodeCngp(p);
        for (let cut = 0; cut < frame.length; cut++) {
          const part = Buffer.from(frame.subarray(0, cut));
          if (fixLength && cut >= 4) part.writeUInt32BE(cut, 0);
          onlyDecodeErrors(part);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('a flipped byte in a valid frame raises only DecodeError', () => {
    fc.assert(
      fc.property(pdu, fc.nat(), u8, (p, at, value) => {
        const frame = encodeCngp(p);
        frame[at % frame.length] = value;
        onlyDecodeErrors(frame);
      }),
      { numRuns: 1000 },
    );
  });
});
