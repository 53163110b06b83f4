import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DecodeError, EncodeError, type OutboundSegment } from '@smshub/protocols';
import { decodeSmgp, encodeSmgp, smgpCarrierDialect, smgpGatewayDialect, type SmgpPdu } from '@smshub/protocols/smgp';
import { hex } from '../hex.js';

const z = (count: number): string => '00'.repeat(count);
const MSG_ID = '01006101161700012345';
/** UCS2 "你好世界" and GBK "中文短信", typed from the code tables. */
const UCS2_NIHAO_SHIJIE = hex('4F60 597D 4E16 754C');
const GBK_ZHONGWEN_DUANXIN = hex('D6D0 CEC4 B6CC D0C5');

const carrier = smgpCarrierDialect({ serviceId: 'TEST', feeType: '01', feeCode: '000010', msgSrc: 'SP0001' });
const gateway = smgpGatewayDialect({ smgwCode: '010061', now: () => new Date('2026-01-21T07:31:05Z') });

const segment = (changes: Partial<OutboundSegment> = {}): OutboundSegment => ({
  to: '13800138000',
  from: '1069000188',
  encoding: 'ucs2',
  payload: UCS2_NIHAO_SHIJIE,
  udh: null,
  part: null,
  wantReport: true,
  priority: 2,
  ...changes,
});

type Of<C extends SmgpPdu['command']> = Extract<SmgpPdu, { command: C }>;
function as<C extends SmgpPdu['command']>(pdu: SmgpPdu, command: C): Of<C> {
  expect(pdu.command).toBe(command);
  return pdu as Of<C>;
}

describe('SMGP carrier dialect: submit', () => {
  it('builds one MT Submit with the channel fields', () => {
    const pdu = as(carrier.submit(segment()), 'submit');
    expect(pdu).toMatchObject({
      msgType: 6,
      needReport: 1,
      priority: 2,
      serviceId: 'TEST',
      feeType: '01',
      feeCode: '000010',
      fixedFee: '000000',
      msgFormat: 8,
      validTime: '',
      srcTermId: '1069000188',
      chargeTermId: '',
      destTermIds: ['13800138000'],
      msgContent: UCS2_NIHAO_SHIJIE,
    });
    expect(pdu.tlvs).toEqual([{ tag: 0x0010, value: hex('535030303031', '0000') }]); // MsgSrc "SP0001" in 8 bytes
  });

  it('a long-message part: UDH leads MsgContent, TLVs TP_udhi = 1, PkTotal, PkNumber (reference §6) — byte for byte', () => {
    const pdu = smgpCarrierDialect({ serviceId: 'TEST' }).submit(
      segment({ udh: hex('050003 7B 02 01'), part: { ref: 0x7b, total: 2, seq: 1 }, wantReport: false, priority: 0 }),
    );
    expect(encodeSmgp({ ...pdu, sequence: 9 }).toString('hex')).toBe(
      hex(
        '000000B0 00000002 00000009', // 12 + 114 + 21 + 14 + 15 = 176
        '06 00 00',
        '54455354',
        z(6), // ServiceID
        '3030', // FeeType "00"
        '303030303030',
        '303030303030', // FeeCode, FixedFee "000000"
        '08',
        z(17),
        z(17),
        '31303639303030313838',
        z(11), // SrcTermID "1069000188"
        z(21),
        '01',
        '3133383030313338303030',
        z(10),
        '0E', // MsgLength 6 + 8
        '0500037B0201',
        '4F60597D4E16754C',
        z(8),
        '0002 0001 01', // TP_udhi
        '0009 0001 02', // PkTotal
        '000A 0001 01', // PkNumber
      ).toString('hex'),
    );
  });

  it('a 2.0 channel sends no TLVs: the UDH alone marks the part (unverified reading, reference §3.9)', () => {
    const pdu = as(
      smgpCarrierDialect({ serviceId: 'TEST', version: 0x20, msgSrc: 'SP0001' }).submit(
        segment({ udh: hex('050003 7B 02 01'), part: { ref: 0x7b, total: 2, seq: 1 } }),
      ),
      'submit',
    );
    expect(pdu.tlvs).toEqual([]);
    expect(pdu.msgContent.subarray(0, 6)).toEqual(hex('0500037B0201'));
  });

  it('ValidTime is SMPP absolute time in Beijing time with the "032+" offset', () => {
    const pdu = as(carrier.submit(segment({ validUntil: new Date('2026-01-21T08:30:00Z') })), 'submit');
    expect(pdu.validTime).toBe('260121163000032+');
  });

  it.each([
    ['ascii', 0],
    ['binary', 4],
    ['ucs2', 8],
    ['gbk', 15],
  ] as const)('%s text goes out as MsgFormat %i', (encoding, format) => {
    expect(as(carrier.submit(segment({ encoding })), 'submit').msgFormat).toBe(format);
  });

  it('GSM 7-bit has no MsgFormat', () => {
    expect(() => carrier.submit(segment({ encoding: 'gsm7' }))).toThrow(EncodeError);
  });
});

describe('SMGP carrier dialect: submit outcome', () => {
  const request = carrier.submit(segment());
  const response = (status: number): SmgpPdu => ({ command: 'submit_resp', sequence: 1, msgId: hex(MSG_ID), status });

  it('status 0 gives the MsgID as 20 hex digits', () => {
    expect(carrier.submitOutcome(request, response(0))).toEqual({ ok: true, carrierMessageId: MSG_ID });
  });

  it.each([
    [1, 'throttled'],
    [2, 'transient'],
    [21, 'transient'],
    [39, 'transient'],
    [58, 'transient'],
    [74, 'transient'],
    [75, 'transient'],
    [200, 'transient'],
    [10, 'permanent'],
    [34, 'permanent'],
    [36, 'permanent'],
    [37, 'permanent'],
    [46, 'permanent'],
    [47, 'permanent'],
  ] as const)('status %i is %s', (status, kind) => {
    expect(carrier.submitOutcome(request, response(status))).toMatchObject({ ok: false, kind, status });
  });

  it('a reply that is not Submit_Resp is transient', () => {
    expect(carrier.submitOutcome(request, { command: 'exit_resp', sequence: 1 })).toMatchObject({
      ok: false,
      kind: 'transient',
    });
  });
});

describe('SMGP gateway dialect → carrier dialect', () => {
  it('report(): the Deliver is byte for byte the reference §3.4 + §3.7 layout', () => {
    const pdu = gateway.report({
      messageId: MSG_ID,
      recipient: '13800138000',
      from: '10690001',
      state: 'DELIVRD',
      submittedAt: new Date('2026-01-21T07:30:10Z'),
      doneAt: new Date('2026-01-21T07:31:05Z'),
    });
    expect(encodeSmgp(pdu).toString('hex')).toBe(
      hex(
        '000000D3 00000003 00000000', // 12 + 77 + 122 = 211
        MSG_ID,
        '01', // IsReport
        '00', // MsgFormat 0 for reports
        '3230323630313231313533313035', // RecvTime "20260121153105"
        '3133383030313338303030',
        z(10), // SrcTermID: the MT recipient
        '3130363930303031',
        z(13), // DestTermID: the MT sender
        '7A', // MsgLength 122
        '69643a',
        MSG_ID,
        '207375623a303031',
        '20646c7672643a303031',
        '207375626d697420646174653a',
        '32363031323131353330',
        '20646f6e6520646174653a',
        '32363031323131353331',
        '20737461743a',
        '44454c49565244',
        '206572723a',
        '303030',
        '20746578743a',
        z(20),
        z(8),
      ).toString('hex'),
    );
  });

  it('the carrier reads that report back as a StatusReport', () => {
    const wire = decodeSmgp(
      encodeSmgp(
        gateway.report({
          messageId: MSG_ID,
          recipient: '13800138000',
          from: '10690001',
          state: 'UNDELIV',
          error: '005',
          submittedAt: new Date('2026-01-21T07:30:10Z'),
          doneAt: new Date('2026-01-21T07:31:05Z'),
        }),
      ),
    );
    expect(carrier.inbound(wire)).toEqual({
      kind: 'report',
      report: {
        protocol: 'smgp',
        carrierMessageId: MSG_ID,
        recipient: '13800138000',
        state: 'UNDELIV',
        code: 'UNDELIV',
        error: '005',
        submittedAt: new Date('2026-01-21T07:30:00Z'),
        doneAt: new Date('2026-01-21T07:31:00Z'),
      },
    });
  });

  it('a vendor stat word maps to UNDELIV and keeps the raw code', () => {
    const block = Buffer.from(
      hex('69643a', MSG_ID).toString('latin1') +
        ' sub:001 dlvrd:000 submit date:2601211530 done date:2601211531 stat:MB:0008 err:999 text:' +
        '\0'.repeat(20),
      'latin1',
    );
    const deliver: SmgpPdu = {
      command: 'deliver',
      sequence: 1,
      msgId: hex(MSG_ID),
      isReport: 1,
      msgFormat: 0,
      recvTime: '',
      srcTermId: '13800138000',
      destTermId: '',
      msgContent: block,
      reserve: '',
      tlvs: [],
    };
    expect(carrier.inbound(deliver)).toMatchObject({
      kind: 'report',
      report: { state: 'UNDELIV', code: 'MB:0008', error: '999' },
    });
  });

  it('mo(): a Chinese UCS2 part round-trips with its concatenation info and LinkID', () => {
    const pdu = as(
      gateway.mo({
        protocol: 'smgp',
        from: '13900139000',
        to: '106900018801',
        encoding: 'ucs2',
        content: UCS2_NIHAO_SHIJIE,
        concat: { ref: 7, total: 3, seq: 2 },
        linkId: 'L123',
      }),
      'deliver',
    );
    expect(pdu.msgContent).toEqual(Buffer.concat([hex('050003 07 03 02'), UCS2_NIHAO_SHIJIE]));
    expect(pdu.tlvs).toEqual([
      { tag: 0x0002, value: hex('01') },
      { tag: 0x0003, value: hex('4C313233', z(16)) },
    ]);
    expect(pdu.recvTime).toBe('20260121153105');
    expect(carrier.inbound(decodeSmgp(encodeSmgp(pdu)))).toEqual({
      kind: 'mo',
      sms: {
        protocol: 'smgp',
        from: '13900139000',
        to: '106900018801',
        encoding: 'ucs2',
        content: UCS2_NIHAO_SHIJIE,
        concat: { ref: 7, total: 3, seq: 2 },
        linkId: 'L123',
      },
    });
  });

  it('mo(): GBK text round-trips exactly', () => {
    const pdu = gateway.mo({
      protocol: 'smgp',
      from: '13900139000',
      to: '10690001',
      encoding: 'gbk',
      content: GBK_ZHONGWEN_DUANXIN,
    });
    expect(as(pdu, 'deliver').msgFormat).toBe(15);
    expect(carrier.inbound(decodeSmgp(encodeSmgp(pdu)))).toEqual({
      kind: 'mo',
      sms: { protocol: 'smgp', from: '13900139000', to: '10690001', encoding: 'gbk', content: GBK_ZHONGWEN_DUANXIN },
    });
  });

  it('a malformed UDH under TP_udhi = 1 is a DecodeError, not a crash', () => {
    const deliver: SmgpPdu = {
      command: 'deliver',
      sequence: 1,
      msgId: hex(MSG_ID),
      isReport: 0,
      msgFormat: 8,
      recvTime: '',
      srcTermId: '1',
      destTermId: '2',
      msgContent: hex('09 0003 01'),
      reserve: '',
      tlvs: [{ tag: 2, value: hex('01') }],
    };
    expect(() => carrier.inbound(deliver)).toThrow('bad user data header');
  });

  it('inboundReply acknowledges with the Deliver MsgID; a store failure answers 1 so the SMGW resends', () => {
    const deliver = gateway.mo({ protocol: 'smgp', from: '1', to: '2', encoding: 'ascii', content: Buffer.from('hi') });
    const msgId = as(deliver, 'deliver').msgId;
    expect(carrier.inboundReply({ ...deliver, sequence: 12 }, true)).toEqual({
      command: 'deliver_resp',
      sequence: 12,
      msgId,
      status: 0,
    });
    expect(carrier.inboundReply({ ...deliver, sequence: 12 }, false)).toMatchObject({ status: 1 });
    expect(gateway.deliverAccepted({ command: 'deliver_resp', sequence: 12, msgId, status: 0 })).toBe(true);
    expect(gateway.deliverAccepted({ command: 'deliver_resp', sequence: 12, msgId, status: 1 })).toBe(false);
  });

  it.each([
    [
      'no TLV (2.0 peer): a leading concatenation header is the UDH',
      [],
      { ref: 7, total: 2, seq: 1 },
      UCS2_NIHAO_SHIJIE,
    ],
    [
      'TP_udhi = 0: the bytes are text',
      [{ tag: 2, value: hex('00') }],
      undefined,
      Buffer.concat([hex('050003 07 02 01'), UCS2_NIHAO_SHIJIE]),
    ],
  ] as const)('MO with %s', (_name, tlvs, concat, content) => {
    const deliver: SmgpPdu = {
      command: 'deliver',
      sequence: 1,
      msgId: hex(MSG_ID),
      isReport: 0,
      msgFormat: 8,
      recvTime: '',
      srcTermId: '1',
      destTermId: '2',
      msgContent: Buffer.concat([hex('050003 07 02 01'), UCS2_NIHAO_SHIJIE]),
      reserve: '',
      tlvs,
    };
    const event = carrier.inbound(deliver);
    expect(event.kind === 'mo' ? event.sms.concat : 'not an MO').toEqual(concat);
    expect(event.kind === 'mo' ? event.sms.content : 'not an MO').toEqual(content);
  });

  it('a request that is no Deliver is "other"', () => {
    expect(carrier.inbound({ command: 'active_test', sequence: 1 })).toEqual({
      kind: 'other',
      request: { command: 'active_test', sequence: 1 },
    });
  });
});

describe('SMGP gateway dialect: submits', () => {
  it('reads a long-message part the carrier built', () => {
    const request = decodeSmgp(
      encodeSmgp({
        ...carrier.submit(segment({ udh: hex('060804 1234 02 02'), part: { ref: 0x1234, total: 2, seq: 2 } })),
        sequence: 3,
      }),
    );
    expect(gateway.received(request)).toEqual({
      to: ['13800138000'],
      from: '1069000188',
      encoding: 'ucs2',
      content: UCS2_NIHAO_SHIJIE,
      udh: hex('060804 1234 02 02'),
      part: { ref: 0x1234, total: 2, seq: 2 },
      wantReport: true,
    });
    expect(gateway.received({ command: 'exit', sequence: 1 })).toBeNull();
  });

  it('gives every destination the one MsgID Submit_Resp returns (the +i rule is CMPP only)', () => {
    const request: SmgpPdu = {
      ...as(carrier.submit(segment()), 'submit'),
      destTermIds: ['13800138000', '13900139000'],
      sequence: 8,
    };
    const fresh = smgpGatewayDialect({ smgwCode: '010061' });
    const ids = fresh.messageIds(request, new Date('2026-01-21T07:31:05Z'));
    expect(ids).toEqual(['01006101211531000000', '01006101211531000000']);
    expect(fresh.messageIds(request, new Date('2026-01-21T07:31:05Z'))[0]).toBe('01006101211531000001');
    expect(fresh.submitReply(request, { ok: true, messageIds: ids })).toEqual({
      command: 'submit_resp',
      sequence: 8,
      msgId: hex('01006101211531000000'),
      status: 0,
    });
    expect(fresh.submitReply(request, { ok: false, reason: 'throttled' })).toEqual({
      command: 'submit_resp',
      sequence: 8,
      msgId: Buffer.alloc(10),
      status: 1,
    });
  });

  it('accepts logins through its acceptor', () => {
    expect(gateway.reportPath).toBe('same-session');
    expect(gateway.acceptor.isBindRequest({ command: 'exit', sequence: 1 })).toBe(false);
  });
});

describe('SMGP carrier dialect on hostile Delivers', () => {
  it('any content, IsReport and TP_udhi raise nothing but DecodeError', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ maxLength: 255 }),
        fc.integer({ min: 0, max: 2 }),
        fc.option(fc.integer({ min: 0, max: 1 })),
        (content, isReport, udhi) => {
          const deliver: SmgpPdu = {
            command: 'deliver',
            sequence: 1,
            msgId: Buffer.alloc(10),
            isReport,
            msgFormat: 8,
            recvTime: '',
            srcTermId: '1',
            destTermId: '2',
            msgContent: Buffer.from(content),
            reserve: '',
            tlvs: udhi === null ? [] : [{ tag: 2, value: Buffer.from([udhi]) }],
          };
          try {
            carrier.inbound(deliver);
          } catch (error) {
            if (!(error instanceof DecodeError)) throw error;
          }
        },
      ),
      { numRuns: 2000 },
    );
  });
});
