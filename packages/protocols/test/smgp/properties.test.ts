import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError } from '@smshub/protocols';
import { decodeSmgp, encodeSmgp, type SmgpPdu, type Tlv } from '@smshub/protocols/smgp';

/** fast-check properties: encode∘decode is the identity; hostile bytes only ever raise DecodeError. */
const text = (max: number) =>
  fc.string({
    unit: fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz+-'),
    maxLength: max,
  });
const u8 = fc.integer({ min: 0, max: 255 });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const bytes = (min: number, max: number) =>
  fc.uint8Array({ minLength: min, maxLength: max }).map((a) => Buffer.from(a));
const tlvs: fc.Arbitrary<Tlv[]> = fc.array(
  fc.record({ tag: fc.integer({ min: 0, max: 0xffff }), value: bytes(0, 24) }),
  { maxLength: 4 },
);

const pdu: fc.Arbitrary<SmgpPdu> = fc.oneof(
  fc.record({
    command: fc.constant('login' as const),
    sequence: u32,
    clientId: text(8),
    authenticatorClient: bytes(16, 16),
    loginMode: u8,
    timestamp: u32,
    clientVersion: u8,
  }),
  fc.record({
    command: fc.constant('login_resp' as const),
    sequence: u32,
    status: u32,
    authenticatorServer: bytes(16, 16),
    serverVersion: u8,
  }),
  fc.record({
    command: fc.constant('submit' as const),
    sequence: u32,
    msgType: u8,
    needReport: u8,
    priority: u8,
    serviceId: text(10),
    feeType: text(2),
    feeCode: text(6),
    fixedFee: text(6),
    msgFormat: u8,
    validTime: text(17),
    atTime: text(17),
    srcTermId: text(21),
    chargeTermId: text(21),
    destTermIds: fc.array(text(21), { maxLength: 5 }),
    msgContent: bytes(0, 255),
    reserve: text(8),
    tlvs,
  }),
  fc.record({
    command: fc.constantFrom('submit_resp' as const, 'deliver_resp' as const),
    sequence: u32,
    msgId: bytes(10, 10),
    status: u32,
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
    reserve: text(8),
    tlvs,
  }),
  fc.record({
    command: fc.constantFrom(
      'active_test' as const,
      'active_test_resp' as const,
      'exit' as const,
      'exit_resp' as const,
    ),
    sequence: u32,
  }),
  fc.record({
    command: fc.constant('query' as const),
    sequence: u32,
    queryTime: text(8),
    queryType: u8,
    queryCode: text(10),
  }),
  fc.record({
    command: fc.constant('query_resp' as const),
    sequence: u32,
    queryTime: text(8),
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
    reserve: text(8),
  }),
) as fc.Arbitrary<SmgpPdu>;

function onlyDecodeErrors(frame: Buffer): void {
  try {
    decodeSmgp(frame);
  } catch (error) {
    if (!(error instanceof DecodeError)) throw error;
  }
}

describe('SMGP codec properties', () => {
  it('decode(encode(pdu)) equals pdu', () => {
    fc.assert(
      fc.property(pdu, (p) => {
        expect(decodeSmgp(encodeSmgp(p))).toEqual(p);
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
    const ids = [
      1, 2, 3, 4, 5, 6, 7, 0x80000001, 0x80000002, 0x80000003, 0x80000004, 0x80000006, 0x80000007, 0x12345678,
    ];
    fc.assert(
      fc.property(fc.constantFrom(...ids), bytes(0, 300), (commandId, body) => {
        const frame = Buffer.alloc(12 + body.length);
        frame.writeUInt32BE(frame.length, 0);
        frame.writeUInt32BE(commandId, 4);
        body.copy(frame, 12);
        onlyDecodeErrors(frame);
      }),
      { numRuns: 2000 },
    );
  });

  it('every truncation of a valid frame (length field fixed up or not) raises only DecodeError', () => {
    fc.assert(
      fc.property(pdu, fc.boolean(), (p, fixLength) => {
        const frame = encodeSmgp(p);
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
        const frame = encodeSmgp(p);
        frame[at % frame.length] = value;
        onlyDecodeErrors(frame);
      }),
      { numRuns: 1000 },
    );
  });
});
