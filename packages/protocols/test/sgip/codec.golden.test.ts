import { describe, expect, it } from 'vitest';
import { decodeSgip, encodeSgip, type SgipPdu } from '@smshub/protocols/sgip';
import { hex, zeros } from '../hex.js';

/*
 * Golden vectors for every SGIP 1.2 PDU, worked out by hand from /work/shared/reference/
 * protocols.md §2.1 (20-byte header: Message_Length, Command_ID, 3 × uint32 sequence), §2.2
 * (command ids), §2.3–§2.7 (bodies). Text fields are ASCII, left-aligned, NUL-padded.
 *
 * Sequence used by requests: node 3010012345 (SP "3 0100 12345": Beijing 010, corp 12345) =
 * b36924b9, time 1120203225 (11-20 20:32:25) = 42c4f1d9, counter 1.
 */
const SEQ = { node: 3010012345, time: 1120203225, seq: 1 };
const SEQ_HEX = 'b36924b9 42c4f1d9 00000001';
/** An SMG's sequence (node 1AAAAX = 1 0100 1 = 101001 = 00018a89), counter 7. */
const SMG = { node: 101001, time: 1120203225, seq: 7 };
const SMG_HEX = '00018a89 42c4f1d9 00000007';

const N1 = '8613012345678'; // 38363133303132333435363738, 13 bytes
const N1_HEX = '38363133303132333435363738' + zeros(8);
const N2 = '8613800138000';
const N2_HEX = '38363133383030313338303030' + zeros(8);

interface Vector {
  readonly name: string;
  readonly pdu: SgipPdu;
  readonly frame: Buffer;
}

const vectors: Vector[] = [
  {
    // §2.3: body 41, total 61 = 0x3d
    name: 'BIND (LoginType 1, SP→SMG)',
    pdu: { command: 'bind', sequence: SEQ, loginType: 1, loginName: 'sp001', loginPassword: 'secret' },
    frame: hex(
      '0000003d 00000001',
      SEQ_HEX,
      '01', // LoginType
      '7370303031',
      zeros(11), // LoginName "sp001"
      '736563726574',
      zeros(10), // LoginPassword "secret"
      zeros(8), // Reserve
    ),
  },
  {
    name: 'BIND (LoginType 2, SMG→SP)',
    pdu: { command: 'bind', sequence: SMG, loginType: 2, loginName: 'smg', loginPassword: '0123456789abcdef' },
    frame: hex(
      '0000003d 00000001',
      SMG_HEX,
      '02',
      '736d67',
      zeros(13),
      '30313233343536373839616263646566', // a password filling all 16 bytes
      zeros(8),
    ),
  },
  {
    // §2.3: generic response, body 9, total 29 = 0x1d
    name: 'BIND_RESP (Result 1, illegal login)',
    pdu: { command: 'bind_resp', sequence: SEQ, result: 1 },
    frame: hex('0000001d 80000001', SEQ_HEX, '01', zeros(8)),
  },
  {
    name: 'UNBIND (no body)',
    pdu: { command: 'unbind', sequence: SEQ },
    frame: hex('00000014 00000002', SEQ_HEX),
  },
  {
    name: 'UNBIND_RESP (no body)',
    pdu: { command: 'unbind_resp', sequence: SEQ },
    frame: hex('00000014 80000002', SEQ_HEX),
  },
  {
    // §2.4: body 123 + 21N + L; N = 2, L = 4 → total 143 + 42 + 4 = 189 = 0xbd
    name: 'SUBMIT (2 recipients, UCS2 "你好")',
    pdu: {
      command: 'submit',
      sequence: SEQ,
      spNumber: '10655',
      chargeNumber: '000000000000000000000',
      userNumbers: [N1, N2],
      corpId: '12345',
      serviceType: 'ABCD',
      feeType: 2,
      feeValue: '10',
      givenValue: '',
      agentFlag: 0,
      morelatetoMTFlag: 2,
      priority: 9,
      expireTime: '250101120000032+',
      scheduleTime: '',
      reportFlag: 1,
      tpPid: 0,
      tpUdhi: 0,
      messageCoding: 8,
      messageType: 0,
      messageContent: Buffer.from([0x4f, 0x60, 0x59, 0x7d]),
    },
    frame: hex(
      '000000bd 00000003',
      SEQ_HEX,
      '3130363535',
      zeros(16), // @0 SPNumber "10655"
      '303030303030303030303030303030303030303030', // @21 ChargeNumber 21 × '0' (SP pays)
      '02', // @42 UserCount
      N1_HEX,
      N2_HEX, // @43 UserNumber × 2
      '3132333435', // @85 CorpId "12345"
      '41424344',
      zeros(6), // @90 ServiceType "ABCD"
      '02', // @100 FeeType per message
      '3130',
      zeros(4), // @101 FeeValue "10"
      zeros(6), // @107 GivenValue ""
      '00', // @113 AgentFlag
      '02', // @114 MorelatetoMTFlag
      '09', // @115 Priority
      '3235303130313132303030303033322b', // @116 ExpireTime "250101120000032+"
      zeros(16), // @132 ScheduleTime ""
      '01', // @148 ReportFlag
      '00', // @149 TP_pid
      '00', // @150 TP_udhi
      '08', // @151 MessageCoding UCS2
      '00', // @152 MessageType
      '00000004', // @153 MessageLength, uint32
      '4f60597d', // @157 MessageContent
      zeros(8), // @161 Reserve
    ),
  },
  {
    // §2.4 + §6: one part of a long message, TP_udhi 1, UDH 05 00 03 ref total seq, L = 8
    name: 'SUBMIT (1 recipient, long-message part with UDH)',
    pdu: {
      command: 'submit',
      sequence: SEQ,
      spNumber: '106551234',
      chargeNumber: '',
      userNumbers: [N1],
      corpId: '12345',
      serviceType: '',
      feeType: 1,
      feeValue: '',
      givenValue: '',
      agentFlag: 0,
      morelatetoMTFlag: 2,
      priority: 0,
      expireTime: '',
      scheduleTime: '',
      reportFlag: 0,
      tpPid: 0,
      tpUdhi: 1,
      messageCoding: 8,
      messageType: 0,
      messageContent: Buffer.from([0x05, 0x00, 0x03, 0x2a, 0x02, 0x01, 0x4f, 0x60]),
    },
    // total 143 + 21 + 8 = 172 = 0xac
    frame: hex(
      '000000ac 00000003',
      SEQ_HEX,
      '313036353531323334',
      zeros(12), // SPNumber "106551234"
      zeros(21), // ChargeNumber "": the recipient pays
      '01',
      N1_HEX,
      '3132333435',
      zeros(10), // CorpId, ServiceType ""
      '01',
      zeros(6),
      zeros(6), // FeeType free, FeeValue, GivenValue
      '00',
      '02',
      '00', // AgentFlag, MorelatetoMTFlag, Priority
      zeros(16),
      zeros(16), // ExpireTime, ScheduleTime
      '00',
      '00',
      '01',
      '08',
      '00', // ReportFlag, TP_pid, TP_udhi, MessageCoding, MessageType
      '00000008',
      '0500032a0201',
      '4f60', // MessageLength, UDH, text
      zeros(8),
    ),
  },
  {
    name: 'SUBMIT_RESP (Result 11, node busy)',
    pdu: { command: 'submit_resp', sequence: SEQ, result: 11 },
    frame: hex('0000001d 80000003', SEQ_HEX, '0b', zeros(8)),
  },
  {
    // §2.5: body 57 + L, L = 4 → total 81 = 0x51
    name: 'DELIVER (MO, GBK "你好")',
    pdu: {
      command: 'deliver',
      sequence: SMG,
      userNumber: N1,
      spNumber: '106551234',
      tpPid: 0,
      tpUdhi: 0,
      messageCoding: 15,
      messageContent: Buffer.from([0xc4, 0xe3, 0xba, 0xc3]),
    },
    frame: hex(
      '00000051 00000004',
      SMG_HEX,
      N1_HEX, // @0 UserNumber
      '313036353531323334',
      zeros(12), // @21 SPNumber
      '00',
      '00',
      '0f', // @42 TP_pid, @43 TP_udhi, @44 MessageCoding GBK
      '00000004',
      'c4e3bac3', // @45 MessageLength, @49 content
      zeros(8),
    ),
  },
  {
    name: 'DELIVER_RESP (Result 0)',
    pdu: { command: 'deliver_resp', sequence: SMG, result: 0 },
    frame: hex('0000001d 80000004', SMG_HEX, '00', zeros(8)),
  },
  {
    // §2.6: body 44, total 64 = 0x40; refers to the SUBMIT sequence SEQ with counter 7
    name: 'REPORT (failed, ErrorCode 29 unknown user)',
    pdu: {
      command: 'report',
      sequence: SMG,
      submitSequence: { node: 3010012345, time: 1120203225, seq: 7 },
      reportType: 0,
      userNumber: N1,
      state: 2,
      errorCode: 29,
    },
    frame: hex(
      '00000040 00000005',
      SMG_HEX,
      'b36924b9 42c4f1d9 00000007', // @0 SubmitSequenceNumber
      '00', // @12 ReportType: on a SUBMIT
      N1_HEX, // @13 UserNumber
      '02', // @34 State failed
      '1d', // @35 ErrorCode 29
      zeros(8), // @36 Reserve
    ),
  },
  {
    name: 'REPORT_RESP (Result 0)',
    pdu: { command: 'report_resp', sequence: SMG, result: 0 },
    frame: hex('0000001d 80000005', SMG_HEX, '00', zeros(8)),
  },
  {
    // §2.7: body 51, total 71 = 0x47
    name: 'USERRPT (suspended for arrears)',
    pdu: { command: 'userrpt', sequence: SMG, spNumber: '106551234', userNumber: N1, userCondition: 1 },
    frame: hex('00000047 00000011', SMG_HEX, '313036353531323334', zeros(12), N1_HEX, '01', zeros(8)),
  },
  {
    name: 'USERRPT_RESP (Result 0)',
    pdu: { command: 'userrpt_resp', sequence: SMG, result: 0 },
    frame: hex('0000001d 80000011', SMG_HEX, '00', zeros(8)),
  },
  {
    // §2.7 CHECKUSER: UserName 16, Password 16, UserNumber 21, Reserve 8 → body 61, total 81
    name: 'CHECKUSER',
    pdu: { command: 'checkuser', sequence: SMG, userName: 'billing', password: 'pw', userNumber: N2 },
    frame: hex('00000051 00000010', SMG_HEX, '62696c6c696e67', zeros(9), '7077', zeros(14), N2_HEX, zeros(8)),
  },
  {
    // CHECKUSER_RESP: Result 1, Status 1, Reserve 8 → body 10, total 30 = 0x1e
    name: 'CHECKUSER_RESP (Status 2 normal)',
    pdu: { command: 'checkuser_resp', sequence: SMG, result: 0, status: 2 },
    frame: hex('0000001e 80000010', SMG_HEX, '00', '02', zeros(8)),
  },
  {
    // §2.7 TRACE: SubmitSequenceNumber 12, UserNumber 21, Reserve 8 → body 41, total 61
    name: 'TRACE',
    pdu: {
      command: 'trace',
      sequence: SEQ,
      submitSequence: { node: 3010012345, time: 1120203225, seq: 7 },
      userNumber: N1,
    },
    frame: hex('0000003d 00001000', SEQ_HEX, 'b36924b9 42c4f1d9 00000007', N1_HEX, zeros(8)),
  },
  {
    // TRACE_RESP: Count 1, then per hop Result 1, NodeId 6, ReceiveTime 16, SendTime 16,
    // Reserve 8 (47 bytes) → body 48, total 68 = 0x44
    name: 'TRACE_RESP (one hop)',
    pdu: {
      command: 'trace_resp',
      sequence: SEQ,
      hops: [{ result: 0, nodeId: '101001', receiveTime: '250101120000', sendTime: '250101120001' }],
    },
    frame: hex(
      '00000044 80001000',
      SEQ_HEX,
      '01', // Count
      '00',
      '313031303031', // Result, NodeId "101001"
      '323530313031313230303030',
      zeros(4), // ReceiveTime "250101120000"
      '323530313031313230303031',
      zeros(4), // SendTime "250101120001"
      zeros(8),
    ),
  },
  {
    name: 'TRACE_RESP (no hops)',
    pdu: { command: 'trace_resp', sequence: SEQ, hops: [] },
    frame: hex('00000015 80001000', SEQ_HEX, '00'),
  },
];

describe('sgip golden vectors (reference §2)', () => {
  it.each(vectors)('$name decodes', ({ pdu, frame }) => {
    expect(decodeSgip(frame)).toEqual(pdu);
  });

  it.each(vectors)('$name encodes byte for byte', ({ pdu, frame }) => {
    expect(encodeSgip(pdu).toString('hex')).toBe(frame.toString('hex'));
  });

  it('covers every command of the PDU union', () => {
    const covered = new Set(vectors.map((v) => v.pdu.command));
    expect([...covered].sort()).toEqual(
      [
        'bind',
        'bind_resp',
        'unbind',
        'unbind_resp',
        'submit',
        'submit_resp',
        'deliver',
        'deliver_resp',
        'report',
        'report_resp',
        'userrpt',
        'userrpt_resp',
        'checkuser',
        'checkuser_resp',
        'trace',
        'trace_resp',
      ].sort(),
    );
  });
});

describe('sgip interop vector from Lihuanghe/SMSGate', () => {
  // A SUBMIT captured in SMSGate's own test, src/test/java/com/zx/sms/codec/sgip/TestSGIPcodec.java
  // (test()): total 0xa8 = 168 = 143 + 21·1 + 4, which that test decodes to SPNumber
  // "106559125028" and content "233a". Node 0, time 0x11f333f2 = 0301151218 (03-01 15:12:18).
  // Their hex string, split here by field (§2.4 offsets).
  const frame = hex(
    '000000a8 00000003 00000000 11f333f2 6ebb10dd',
    '313036353539313235303238000000000000000000', // SPNumber "106559125028"
    '000000000000000000000000000000000000000000', // ChargeNumber ""
    '01', // UserCount
    '383631383635373131383633360000000000000000', // UserNumber "8618657118636"
    '3631313138', // CorpId "61118"
    '00000000000000000000', // ServiceType ""
    '02',
    '000000000000',
    '000000000000', // FeeType, FeeValue, GivenValue
    '00',
    '00',
    '09', // AgentFlag, MorelatetoMTFlag, Priority
    '00000000000000000000000000000000', // ExpireTime
    '00000000000000000000000000000000', // ScheduleTime
    '01',
    '00',
    '00',
    '00',
    '00', // ReportFlag, TP_pid, TP_udhi, MessageCoding, MessageType
    '00000004',
    '32333361', // MessageLength, content "233a"
    '0000000000000000', // Reserve
  );

  it('decodes with our layout to the fields SMSGate reads', () => {
    const pdu = decodeSgip(frame);
    expect(pdu).toMatchObject({
      command: 'submit',
      sequence: { node: 0, time: 301151218, seq: 0x6ebb10dd },
      spNumber: '106559125028',
      chargeNumber: '',
      userNumbers: ['8618657118636'],
      corpId: '61118',
      feeType: 2,
      priority: 9,
      reportFlag: 1,
      messageCoding: 0,
      messageContent: Buffer.from('233a', 'latin1'),
    });
  });

  it('re-encodes to the same bytes', () => {
    expect(encodeSgip(decodeSgip(frame)).toString('hex')).toBe(frame.toString('hex'));
  });
});
