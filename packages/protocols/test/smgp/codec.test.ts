import { describe, expect, it } from 'vitest';
import { DecodeError, EncodeError } from '@smshub/protocols';
import { decodeSmgp, encodeSmgp, type SmgpPdu } from '@smshub/protocols/smgp';
import { hex } from '../hex.js';

/**
 * Golden vectors written out by hand from the SMGP 3.0 layouts (reference/protocols.md §3.1–3.5;
 * spec §5.2): every byte below is a field value typed from the table, never encoder output.
 * Text: "12345678" = 31..38, "TEST" = 54 45 53 54, "10690001" = 31 30 36 39 30 30 30 31,
 * "13800138000" = 31 33 38 30 30 31 33 38 30 30 30. UCS2 "中文" = 4E 2D 65 87, GBK "中文短信" =
 * D6 D0 CE C4 B6 CC D0 C5.
 */
const z = (count: number): string => '00'.repeat(count);
const MSG_ID = '01006101161700012345'; // the spec's own MsgID example (reference §3.6)

interface Vector {
  readonly name: string;
  readonly bytes: Buffer;
  readonly pdu: SmgpPdu;
}

const vectors: Vector[] = [
  {
    name: 'Login (§3.2: body 30, total 42)',
    bytes: hex(
      '0000002A 00000001 00000001',
      '3132333435363738', // ClientID "12345678" @0
      '95898c46dedbcf393dcd4c2a861481e9', // AuthenticatorClient @8 (reference §3.2 example; openssl md5 agrees)
      '02', // LoginMode transmit @24
      '11F0E540', // TimeStamp 0301000000 @25 (the spec's own example value)
      '30', // ClientVersion 3.0 @29
    ),
    pdu: {
      command: 'login',
      sequence: 1,
      clientId: '12345678',
      authenticatorClient: hex('95898c46dedbcf393dcd4c2a861481e9'),
      loginMode: 2,
      timestamp: 301000000,
      clientVersion: 0x30,
    },
  },
  {
    name: 'Login_Resp (§3.2: body 21, total 33)',
    bytes: hex('00000021 80000001 00000001', '00000000', '778071b4bb5722eda0905422b00fb6a8', '30'),
    pdu: {
      command: 'login_resp',
      sequence: 1,
      status: 0,
      authenticatorServer: hex('778071b4bb5722eda0905422b00fb6a8'),
      serverVersion: 0x30,
    },
  },
  {
    name: 'Submit with TLVs, one known-unknown tag kept (§3.3, §3.5: body 114 + 21N + L + TLVs)',
    bytes: hex(
      '000000AC 00000002 00000002', // 12 + 114 + 21 + 4 + 21 = 172
      '06', // MsgType MT @0
      '01', // NeedReport @1
      '03', // Priority @2
      '54455354',
      z(6), // ServiceID "TEST" @3
      '3031', // FeeType "01" @13
      '303030303130', // FeeCode "000010" @15
      z(6), // FixedFee @21
      '08', // MsgFormat UCS2 @27
      z(17), // ValidTime @28
      z(17), // AtTime @45
      '3130363930303031',
      z(13), // SrcTermID "10690001" @62
      z(21), // ChargeTermID @83
      '01', // DestTermIDCount @104
      '3133383030313338303030',
      z(10), // DestTermID @105
      '04', // MsgLength @126
      '4E2D6587', // MsgContent "中文" @127
      z(8), // Reserve @131
      '0001 0001 00', // TP_pid = 0
      '0009 0001 01', // PkTotal = 1
      '000A 0001 01', // PkNumber = 1
      '1234 0002 BEEF', // a tag the spec does not define: kept as is
    ),
    pdu: {
      command: 'submit',
      sequence: 2,
      msgType: 6,
      needReport: 1,
      priority: 3,
      serviceId: 'TEST',
      feeType: '01',
      feeCode: '000010',
      fixedFee: '',
      msgFormat: 8,
      validTime: '',
      atTime: '',
      srcTermId: '10690001',
      chargeTermId: '',
      destTermIds: ['13800138000'],
      msgContent: hex('4E2D6587'),
      reserve: '',
      tlvs: [
        { tag: 0x0001, value: hex('00') },
        { tag: 0x0009, value: hex('01') },
        { tag: 0x000a, value: hex('01') },
        { tag: 0x1234, value: hex('BEEF') },
      ],
    },
  },
  {
    name: 'Submit as a 2.0 peer sends it: no TLVs, two destinations',
    bytes: hex(
      '000000A9 00000002 00000007', // 12 + 114 + 42 + 1 = 169
      '06 00 00',
      z(10),
      '3030',
      z(6),
      z(6),
      '00',
      z(17),
      z(17),
      '3130363930303031',
      z(13),
      z(21),
      '02',
      '3133383030313338303030',
      z(10),
      '3133393030313339303030',
      z(10), // "13900139000"
      '01',
      '41', // "A"
      z(8),
    ),
    pdu: {
      command: 'submit',
      sequence: 7,
      msgType: 6,
      needReport: 0,
      priority: 0,
      serviceId: '',
      feeType: '00',
      feeCode: '',
      fixedFee: '',
      msgFormat: 0,
      validTime: '',
      atTime: '',
      srcTermId: '10690001',
      chargeTermId: '',
      destTermIds: ['13800138000', '13900139000'],
      msgContent: hex('41'),
      reserve: '',
      tlvs: [],
    },
  },
  {
    name: 'Submit_Resp (§3.3: body 14, total 26)',
    bytes: hex('0000001A 80000002 00000002', MSG_ID, '00000000'),
    pdu: { command: 'submit_resp', sequence: 2, msgId: hex(MSG_ID), status: 0 },
  },
  {
    name: 'Deliver, MO in GBK with LinkID (§3.4: body 77 + L + TLVs)',
    bytes: hex(
      '00000079 00000003 00000003', // 12 + 77 + 8 + 24 = 121
      MSG_ID, // MsgID @0
      '00', // IsReport @10
      '0F', // MsgFormat GB @11
      '3230323630313231313533303030', // RecvTime "20260121153000" @12
      '3133393030313339303030',
      z(10), // SrcTermID @26
      '31303639303030313838',
      z(11), // DestTermID "1069000188" @47
      '08', // MsgLength @68
      'D6D0CEC4B6CCD0C5', // "中文短信" @69
      z(8), // Reserve
      '0003 0014',
      '4C4E4B31',
      z(16), // LinkID "LNK1" padded to 20
    ),
    pdu: {
      command: 'deliver',
      sequence: 3,
      msgId: hex(MSG_ID),
      isReport: 0,
      msgFormat: 15,
      recvTime: '20260121153000',
      srcTermId: '13900139000',
      destTermId: '1069000188',
      msgContent: hex('D6D0CEC4B6CCD0C5'),
      reserve: '',
      tlvs: [{ tag: 0x0003, value: hex('4C4E4B31', z(16)) }],
    },
  },
  {
    name: 'Deliver_Resp (body 14, total 26), status 1',
    bytes: hex('0000001A 80000003 00000003', MSG_ID, '00000001'),
    pdu: { command: 'deliver_resp', sequence: 3, msgId: hex(MSG_ID), status: 1 },
  },
  { name: 'Active_Test', bytes: hex('0000000C 00000004 00000004'), pdu: { command: 'active_test', sequence: 4 } },
  {
    name: 'Active_Test_Resp',
    bytes: hex('0000000C 80000004 00000004'),
    pdu: { command: 'active_test_resp', sequence: 4 },
  },
  { name: 'Exit', bytes: hex('0000000C 00000006 00000005'), pdu: { command: 'exit', sequence: 5 } },
  { name: 'Exit_Resp', bytes: hex('0000000C 80000006 00000005'), pdu: { command: 'exit_resp', sequence: 5 } },
  {
    name: 'Query (§3.4: body 19)',
    bytes: hex('0000001F 00000007 00000006', '3230323630313231', '01', '54455354', z(6)),
    pdu: { command: 'query', sequence: 6, queryTime: '20260121', queryType: 1, queryCode: 'TEST' },
  },
  {
    name: 'Query_Resp (§3.4: body 59)',
    bytes: hex(
      '00000047 80000007 00000006',
      '3230323630313231',
      '00',
      z(10),
      '00000064 00000032 0000005A 00000005 00000005 0000000A 00000000 00000001',
      z(8),
    ),
    pdu: {
      command: 'query_resp',
      sequence: 6,
      queryTime: '20260121',
      queryType: 0,
      queryCode: '',
      mtTlMsg: 100,
      mtTlUsr: 50,
      mtScs: 90,
      mtWt: 5,
      mtFl: 5,
      moScs: 10,
      moWt: 0,
      moFl: 1,
      reserve: '',
    },
  },
];

describe('SMGP codec golden vectors', () => {
  it.each(vectors)('$name: PacketLength equals the vector length', ({ bytes }) => {
    expect(bytes.readUInt32BE(0)).toBe(bytes.length);
  });
  it.each(vectors)('$name: decodes', ({ bytes, pdu }) => {
    expect(decodeSmgp(bytes)).toEqual(pdu);
  });
  it.each(vectors)('$name: encodes byte for byte', ({ bytes, pdu }) => {
    expect(encodeSmgp(pdu).toString('hex')).toBe(bytes.toString('hex'));
  });
});

function decodeError(frame: Buffer): DecodeError {
  try {
    decodeSmgp(frame);
  } catch (error) {
    if (error instanceof DecodeError) return error;
    throw error;
  }
  throw new Error('decoded without error');
}

describe('SMGP decoder refuses bad frames with DecodeError', () => {
  it('a PacketLength that disagrees with the frame', () => {
    const error = decodeError(hex('0000000D 00000004 00000004'));
    expect(error.message).toContain('PacketLength 13');
    expect(error.commandId).toBe(4);
  });
  it('a frame shorter than the header', () => {
    expect(decodeError(hex('0000000C 0000')).offset).toBe(0);
  });
  it('an unknown RequestID carries the command id', () => {
    const error = decodeError(hex('0000000C 00000077 00000001'));
    expect(error.commandId).toBe(0x77);
    expect(error.message).toContain('unknown RequestID 0x00000077');
  });
  it('a gateway-to-gateway command is named, not decoded', () => {
    const error = decodeError(hex('0000000C 00000005 00000001'));
    expect(error.commandId).toBe(5);
    expect(error.message).toContain('forward is not supported');
  });
  it('a Submit_Resp one byte short names the field and command', () => {
    const error = decodeError(hex('00000019 80000002 00000002', MSG_ID, '000000'));
    expect(error.commandId).toBe(0x80000002);
    expect(error.message).toContain('submit_resp: truncated: Status');
  });
  it('trailing bytes after an Active_Test', () => {
    expect(decodeError(hex('0000000D 00000004 00000004 00')).message).toContain('unexpected trailing bytes');
  });
  it('a TLV whose value runs past the frame', () => {
    const submit = vectors[2]!.bytes;
    const cut = Buffer.from(submit.subarray(0, submit.length - 1));
    cut.writeUInt32BE(cut.length, 0);
    expect(decodeError(cut).message).toContain('TLV 0x1234 value');
  });
  it('MsgLength larger than the bytes left', () => {
    const submit = Buffer.from(vectors[3]!.bytes);
    submit[12 + 105 + 42] = 0x20; // MsgLength 32, only 9 bytes follow
    expect(decodeError(submit).message).toContain('MsgContent');
  });
});

describe('SMGP encoder refuses values that do not fit', () => {
  const submit = vectors[2]!.pdu as Extract<SmgpPdu, { command: 'submit' }>;
  it.each([
    ['ServiceID longer than 10', { ...submit, serviceId: 'ELEVENCHARS' }, 'ServiceID'],
    ['Priority above 255', { ...submit, priority: 256 }, 'Priority'],
    ['content over 255 bytes', { ...submit, msgContent: Buffer.alloc(256) }, 'MsgLength'],
    ['101 destinations', { ...submit, destTermIds: Array.from({ length: 101 }, () => '13800138000') }, 'at most 100'],
    ['a DestTermID with a non-latin1 character', { ...submit, destTermIds: ['138中'] }, 'DestTermID'],
    ['a TLV value over 65535 bytes', { ...submit, tlvs: [{ tag: 1, value: Buffer.alloc(65536) }] }, 'too long'],
  ] as const)('%s', (_name, pdu, message) => {
    expect(() => encodeSmgp(pdu)).toThrow(EncodeError);
    expect(() => encodeSmgp(pdu)).toThrow(message);
  });
  it('a MsgID that is not 10 bytes', () => {
    expect(() => encodeSmgp({ command: 'submit_resp', sequence: 1, msgId: Buffer.alloc(9), status: 0 })).toThrow(
      EncodeError,
    );
  });
  it('a sequence above 32 bits', () => {
    expect(() => encodeSmgp({ command: 'active_test', sequence: 2 ** 32 })).toThrow('SequenceID');
  });
});
