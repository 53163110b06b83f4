import { describe, expect, it } from 'vitest';
import { cmppProtocol } from '../../src/cmpp/index.js';
import type { CmppPdu, CmppSubmit } from '../../src/cmpp/index.js';
import { DecodeError, EncodeError } from '../../src/engine/errors.js';
import { hex, zeros } from '../hex.js';

function decodeError(version: 0x20 | 0x30, frame: Buffer): DecodeError {
  try {
    cmppProtocol(version).decode(frame);
  } catch (error) {
    if (error instanceof DecodeError) return error;
    throw error;
  }
  throw new Error('decoded without error');
}

const submit: CmppSubmit = {
  command: 'submit',
  sequence: 1,
  msgId: 0n,
  pkTotal: 1,
  pkNumber: 1,
  registeredDelivery: 0,
  msgLevel: 0,
  serviceId: 'svc',
  feeUserType: 2,
  feeTerminalId: '',
  tpPid: 0,
  tpUdhi: 0,
  msgFmt: 0,
  msgSrc: '123456',
  feeType: '01',
  feeCode: '0',
  validTime: '',
  atTime: '',
  srcId: '10690001',
  destTerminalIds: ['13800138000'],
  msgContent: Buffer.from('hi'),
};

describe('CMPP decode errors', () => {
  it.each([
    ['frame shorter than the header', hex('0000000b 00000008 000000'), undefined, /shorter than the 12-byte header/],
    [
      'Total_Length larger than the frame',
      hex('0000000d 00000008 00000001'),
      0x00000008,
      /Total_Length 13 does not match the 12-byte frame/,
    ],
    [
      'Total_Length smaller than the frame',
      hex('0000000c 80000008 00000001 00'),
      0x80000008,
      /Total_Length 12 does not match/,
    ],
    ['unknown command id', hex('0000000c 00000003 00000001'), 0x00000003, /unknown command id 0x00000003/],
    [
      'FWD is an ISMG↔ISMG command',
      hex('0000000c 00000009 00000001'),
      0x00000009,
      /FWD is a gateway-to-gateway command/,
    ],
    [
      'MT_ROUTE_RESP is a route-server command',
      hex('0000000c 80000010 00000001'),
      0x80000010,
      /MT_ROUTE_RESP is a gateway-to-gateway command/,
    ],
    [
      'ACTIVE_TEST_RESP without its reserved byte',
      hex('0000000c 80000008 00000001'),
      0x80000008,
      /ACTIVE_TEST_RESP: truncated: Reserved/,
    ],
    [
      'ACTIVE_TEST with a trailing byte',
      hex('0000000d 00000008 00000001 00'),
      0x00000008,
      /ACTIVE_TEST: 1 unexpected trailing bytes/,
    ],
    [
      'CONNECT with a short body',
      hex('00000026 00000001 00000001', zeros(26)),
      0x00000001,
      /body of 26 bytes, expected 27/,
    ],
    [
      'CONNECT_RESP of neither 2.0 nor 3.0 size',
      hex('0000001f 80000001 00000001', zeros(19)),
      0x80000001,
      /body of 19 bytes/,
    ],
  ])('%s', (_name, frame, commandId, message) => {
    const error = decodeError(0x30, frame);
    expect(error.commandId).toBe(commandId);
    expect(error.message).toMatch(message);
  });

  it('refuses DestUsr_tl 0 and a report block that is neither 60 nor 71 bytes', () => {
    const frame = Buffer.from(cmppProtocol(0x30).encode(submit));
    frame[12 + 128] = 0; // DestUsr_tl at body offset 128 (§1.5)
    expect(decodeError(0x30, frame).message).toMatch(/DestUsr_tl 0 is outside 1–99/);

    // 2.0 DELIVER, Registered_Delivery 1 with a 10-byte content: not a report block (§1.8).
    const deliver = hex(
      '0000005f 00000005 00000001',
      zeros(8),
      zeros(21),
      zeros(10),
      '00 00 00',
      zeros(21),
      '01',
      '0a',
      zeros(10),
      zeros(8),
    );
    expect(decodeError(0x20, deliver).message).toMatch(/status report block of 10 bytes, expected 60 or 71/);
    const other = hex(
      '0000005f 00000005 00000001',
      zeros(8),
      zeros(21),
      zeros(10),
      '00 00 00',
      zeros(21),
      '02',
      '0a',
      zeros(10),
      zeros(8),
    );
    expect(decodeError(0x20, other).message).toMatch(/Registered_Delivery 2 is neither/);
  });

  it('reads a 3.0 CONNECT_RESP on a 2.0 link (a 3.0-only gateway refusing with status 4)', () => {
    const pdu = cmppProtocol(0x20).decode(hex('00000021 80000001 00000001', '00000004', zeros(16), '30'));
    expect(pdu).toMatchObject({ command: 'connect_resp', status: 4, version: 0x30 });
  });
});

describe('CMPP encode errors', () => {
  const cases: Array<[string, 0x20 | 0x30, CmppPdu, RegExp]> = [
    [
      'Service_Id longer than 10 bytes',
      0x30,
      { ...submit, serviceId: '12345678901' },
      /Service_Id is longer than 10 bytes/,
    ],
    [
      'Dest_terminal_Id longer than 21 bytes on 2.0',
      0x20,
      { ...submit, destTerminalIds: ['1'.repeat(22)] },
      /Dest_terminal_Id is longer than 21/,
    ],
    ['no destinations', 0x30, { ...submit, destTerminalIds: [] }, /DestUsr_tl must be 1–99/],
    [
      '100 destinations',
      0x30,
      { ...submit, destTerminalIds: Array.from({ length: 100 }, () => '13800138000') },
      /submit to 100 numbers/,
    ],
    [
      '256 content bytes',
      0x30,
      { ...submit, msgContent: Buffer.alloc(256) },
      /256 bytes does not fit the 1-byte Msg_Length/,
    ],
    ['Msg_level 256', 0x30, { ...submit, msgLevel: 256 }, /Msg_level 256 does not fit 1 byte/],
    ['LinkID on a 2.0 submit', 0x20, { ...submit, linkId: 'abc' }, /LinkID is a CMPP 3.0 field/],
    [
      'Fee_terminal_type on a 2.0 submit',
      0x20,
      { ...submit, feeTerminalType: 1 },
      /Fee_terminal_type is a CMPP 3.0 field/,
    ],
    [
      'a 2.0 result above 255',
      0x20,
      { command: 'submit_resp', sequence: 1, msgId: 0n, result: 256 },
      /Result 256 does not fit 1 byte/,
    ],
    ['a negative Msg_Id', 0x30, { command: 'cancel', sequence: 1, msgId: -1n }, /Msg_Id -1 does not fit 8 bytes/],
    [
      'a sequence above 2^32-1',
      0x30,
      { command: 'active_test', sequence: 2 ** 32 },
      /Sequence_Id 4294967296 does not fit 4 bytes/,
    ],
    [
      'a 15-byte authenticator',
      0x30,
      {
        command: 'connect',
        sequence: 1,
        sourceAddr: '900001',
        authenticatorSource: Buffer.alloc(15),
        version: 0x30,
        timestamp: 1,
      },
      /AuthenticatorSource must be 16 bytes/,
    ],
    ['Chinese characters in an octet field', 0x30, { ...submit, srcId: '中文' }, /not a single byte/],
  ];

  it.each(cases)('%s', (_name, version, pdu, message) => {
    expect(() => cmppProtocol(version).encode(pdu)).toThrow(EncodeError);
    expect(() => cmppProtocol(version).encode(pdu)).toThrow(message);
  });
});
