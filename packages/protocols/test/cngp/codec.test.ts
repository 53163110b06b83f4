import { describe, expect, it } from 'vitest';
import { DecodeError, EncodeError } from '@smshub/protocols';
import { decodeCngp, encodeCngp, type CngpPdu } from '@smshub/protocols/cngp';
import { hex } from '../hex.js';

/**
 * Golden vectors typed by hand from the CNGP 2.0 layout (reference/protocols.md §4.1–4.2) and
 * checked against the public implementations' own sizes: Huawei SMProxy builds Login as 48 bytes,
 * Submit as 132 + 21N + L and expects Deliver = 90 + L and Submit_Resp / Deliver_Resp = 31 bytes
 * (com.huawei.insa2.comm.cngp.message.*); netty-codec-sms CngpConst gives Login 16 + 32,
 * Login_Resp 16 + 17, Submit 16 + 111, Deliver 16 + 69 and responses 16 + 10 without TLVs.
 * "cngp012345" = 63 6E 67 70 30 31 32 33 34 35; "SP00001" = 53 50 30 30 30 30 31; "HELP" =
 * 48 45 4C 50; UCS2 "你好" = 4F 60 59 7D; GBK "中文短信" = D6 D0 CE C4 B6 CC D0 C5.
 */
const z = (count: number): string => '00'.repeat(count);
const MSG_ID = '01006101161700012345';

interface Vector {
  readonly name: string;
  readonly bytes: Buffer;
  readonly pdu: CngpPdu;
}

const vectors: Vector[] = [
  {
    name: 'Login (body 32, total 48)',
    bytes: hex(
      '00000030 00000001 00000000 00000001',
      '636E677030313233 3435', // ClientID "cngp012345" @0
      'fb72b95121117c92ab077a801b7af171', // MD5("cngp012345" ‖ 7×00 ‖ "pass1234" ‖ "1121093000") @10, openssl md5
      '01', // LoginMode receive @26
      '42D28588', // TimeStamp 1121093000 = 11-21 09:30:00 @27
      '20', // Version 2.0 @31
    ),
    pdu: {
      command: 'login',
      sequence: 1,
      clientId: 'cngp012345',
      authenticatorClient: hex('fb72b95121117c92ab077a801b7af171'),
      loginMode: 1,
      timestamp: 1121093000,
      version: 0x20,
    },
  },
  {
    name: 'Login_Resp refusing with Command_Status 21 (body 17, total 33)',
    bytes: hex('00000021 80000001 00000015 00000001', z(16), '20'),
    pdu: { command: 'login_resp', sequence: 1, status: 21, authenticatorServer: Buffer.alloc(16), version: 0x20 },
  },
  {
    name: 'Submit, long-message part with Protocol_ID TLV (Huawei size 132 + 21N + L)',
    bytes: hex(
      '000000A3 00000002 00000000 00000002', // 16 + 111 + 21 + 10 + 5 = 163
      '53503030303031',
      z(3), // SPID "SP00001" @0
      '02', // SubType on-demand MT @10
      '01', // NeedReport @11
      '00', // Priority @12
      '48454C50',
      z(6), // ServiceID "HELP" @13
      '3030', // FeeType "00" @23
      '00', // FeeUserType destination @25
      '303030303030', // FeeCode "000000" @26
      '08', // MsgFormat UCS2 @32
      z(17), // ValidTime @33
      z(17), // AtTime @50
      '3130363930303031',
      z(13), // SrcTermID "10690001" @67
      z(21), // ChargeTermID @88
      '01', // DestTermIDCount @109
      '3133333030313333303030',
      z(10), // DestTermID "13300133000" @110
      '0A', // MsgLength @131
      '0500037B0201',
      '4F60597D', // UDH + "你好" @132
      '0100 0001 00', // Protocol_ID = 0
    ),
    pdu: {
      command: 'submit',
      sequence: 2,
      spId: 'SP00001',
      subType: 2,
      needReport: 1,
      priority: 0,
      serviceId: 'HELP',
      feeType: '00',
      feeUserType: 0,
      feeCode: '000000',
      msgFormat: 8,
      validTime: '',
      atTime: '',
      srcTermId: '10690001',
      chargeTermId: '',
      destTermIds: ['13300133000'],
      msgContent: hex('0500037B0201 4F60597D'),
      tlvs: [{ tag: 0x0100, value: hex('00') }],
    },
  },
  {
    name: 'Submit without TLVs, as netty-codec-sms sends it (16 + 111 + 21N + L)',
    bytes: hex(
      '00000095 00000002 00000000 00000009',
      '53503030303031',
      z(3),
      '01 00 01',
      z(10),
      '3031',
      '02',
      z(6),
      '00',
      z(17),
      z(17),
      z(21),
      z(21),
      '01',
      '3133333030313333303030',
      z(10),
      '01',
      '41',
    ),
    pdu: {
      command: 'submit',
      sequence: 9,
      spId: 'SP00001',
      subType: 1,
      needReport: 0,
      priority: 1,
      serviceId: '',
      feeType: '01',
      feeUserType: 2,
      feeCode: '',
      msgFormat: 0,
      validTime: '',
      atTime: '',
      srcTermId: '',
      chargeTermId: '',
      destTermIds: ['13300133000'],
      msgContent: hex('41'),
      tlvs: [],
    },
  },
  {
    name: 'Submit_Resp with Congestion_State (exactly the 31 bytes Huawei expects)',
    bytes: hex('0000001F 80000002 00000000 00000002', MSG_ID, '0428 0001 00'),
    pdu: {
      command: 'submit_resp',
      sequence: 2,
      status: 0,
      msgId: hex(MSG_ID),
      tlvs: [{ tag: 0x0428, value: hex('00') }],
    },
  },
  {
    name: 'Submit_Resp without TLV, status 45 in the header (netty-codec-sms: 16 + 10)',
    bytes: hex('0000001A 80000002 0000002D 00000002', MSG_ID),
    pdu: { command: 'submit_resp', sequence: 2, status: 45, msgId: hex(MSG_ID), tlvs: [] },
  },
  {
    name: 'Deliver MO in GBK with Protocol_ID (Huawei 90 + L)',
    bytes: hex(
      '00000062 00000003 00000000 00000003', // 16 + 69 + 8 + 5 = 98
      MSG_ID, // MsgID @0
      '00', // IsReport @10
      '0F', // MsgFormat @11
      '3230323630313231313533303030', // RecvTime "20260121153000" @12
      '3133333030313333303030',
      z(10), // SrcTermID @26
      '31303639303030313838',
      z(11), // DestTermID "1069000188" @47
      '08', // MsgLength @68
      'D6D0CEC4B6CCD0C5', // @69
      '0100 0001 00',
    ),
    pdu: {
      command: 'deliver',
      sequence: 3,
      msgId: hex(MSG_ID),
      isReport: 0,
      msgFormat: 15,
      recvTime: '20260121153000',
      srcTermId: '13300133000',
      destTermId: '1069000188',
      msgContent: hex('D6D0CEC4B6CCD0C5'),
      tlvs: [{ tag: 0x0100, value: hex('00') }],
    },
  },
  {
    name: 'Deliver_Resp with Congestion_State (31 bytes)',
    bytes: hex('0000001F 80000003 00000000 00000003', MSG_ID, '0428 0001 00'),
    pdu: {
      command: 'deliver_resp',
      sequence: 3,
      status: 0,
      msgId: hex(MSG_ID),
      tlvs: [{ tag: 0x0428, value: hex('00') }],
    },
  },
  {
    name: 'Active_Test',
    bytes: hex('00000010 00000004 00000000 00000004'),
    pdu: { command: 'active_test', sequence: 4 },
  },
  {
    name: 'Active_Test_Resp',
    bytes: hex('00000010 80000004 00000000 00000004'),
    pdu: { command: 'active_test_resp', sequence: 4, status: 0 },
  },
  { name: 'Exit', bytes: hex('00000010 00000006 00000000 00000005'), pdu: { command: 'exit', sequence: 5 } },
  {
    name: 'Exit_Resp',
    bytes: hex('00000010 80000006 00000000 00000005'),
    pdu: { command: 'exit_resp', sequence: 5, status: 0 },
  },
];

describe('CNGP codec golden vectors', () => {
  it.each(vectors)('$name: Total_Length equals the vector length', ({ bytes }) => {
    expect(bytes.readUInt32BE(0)).toBe(bytes.length);
  });
  it.each(vectors)('$name: decodes', ({ bytes, pdu }) => {
    expect(decodeCngp(bytes)).toEqual(pdu);
  });
  it.each(vectors)('$name: encodes byte for byte', ({ bytes, pdu }) => {
    expect(encodeCngp(pdu).toString('hex')).toBe(bytes.toString('hex'));
  });
});

function decodeError(frame: Buffer): DecodeError {
  try {
    decodeCngp(frame);
  } catch (error) {
    if (error instanceof DecodeError) return error;
    throw error;
  }
  throw new Error('decoded without error');
}

describe('CNGP decoder refuses bad frames with DecodeError', () => {
  it('Total_Length that disagrees with the frame', () => {
    expect(decodeError(hex('00000011 00000004 00000000 00000004')).message).toContain('Total_Length 17');
  });
  it('a 12-byte SMGP-style header is too short', () => {
    expect(decodeError(hex('0000000C 00000004 00000004')).offset).toBe(0);
  });
  it('an unknown Command_Id carries the id', () => {
    expect(decodeError(hex('00000010 00000007 00000000 00000001')).commandId).toBe(7);
  });
  it('Forward is named but not decoded', () => {
    expect(decodeError(hex('00000010 00000005 00000000 00000001')).message).toContain('forward is not supported');
  });
  it('a TLV header cut short after a Submit_Resp', () => {
    const error = decodeError(hex('0000001D 80000002 00000000 00000002', MSG_ID, '0428 00'));
    expect(error.commandId).toBe(0x80000002);
    expect(error.message).toContain('TLV length');
  });
  it('a Login one byte short', () => {
    const login = vectors[0]!.bytes;
    const cut = Buffer.from(login.subarray(0, 47));
    cut.writeUInt32BE(47, 0);
    expect(decodeError(cut).message).toContain('login: truncated: Version');
  });
});

describe('CNGP encoder refuses values that do not fit', () => {
  const submit = vectors[2]!.pdu as Extract<CngpPdu, { command: 'submit' }>;
  it.each([
    ['SPID longer than 10', { ...submit, spId: 'SP000000001' }, 'SPID'],
    ['FeeUserType 256', { ...submit, feeUserType: 256 }, 'FeeUserType'],
    ['content over 255 bytes', { ...submit, msgContent: Buffer.alloc(300) }, 'MsgLength'],
    ['ClientID-size text in a 6-byte FeeCode', { ...submit, feeCode: '1234567' }, 'FeeCode'],
  ] as const)('%s', (_name, pdu, message) => {
    expect(() => encodeCngp(pdu)).toThrow(EncodeError);
    expect(() => encodeCngp(pdu)).toThrow(message);
  });
  it('a negative Command_Status', () => {
    expect(() => encodeCngp({ command: 'exit_resp', sequence: 1, status: -1 })).toThrow('Command_Status');
  });
});
