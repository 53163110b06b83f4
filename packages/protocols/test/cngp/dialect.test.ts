import { describe, expect, it } from 'vitest';
import type { OutboundSegment } from '@smshub/protocols';
import { cngpCarrierDialect, cngpGatewayDialect, decodeCngp, encodeCngp, type CngpPdu } from '@smshub/protocols/cngp';
import { hex } from '../hex.js';

const z = (count: number): string => '00'.repeat(count);
const MSG_ID = '01006101161700012345';
const UCS2_NI_HAO = hex('4F60 597D');
const GBK_ZHONGWEN_DUANXIN = hex('D6D0 CEC4 B6CC D0C5');

const carrier = cngpCarrierDialect({ spId: 'SP00001', serviceId: 'HELP' });
const gateway = cngpGatewayDialect({ gatewayCode: '010061', now: () => new Date('2026-01-21T07:30:00Z') });

const segment = (changes: Partial<OutboundSegment> = {}): OutboundSegment => ({
  to: '13300133000',
  from: '10690001',
  encoding: 'ucs2',
  payload: UCS2_NI_HAO,
  udh: null,
  part: null,
  wantReport: true,
  priority: 0,
  ...changes,
});

describe('CNGP carrier dialect', () => {
  it('a long-message part is the golden Submit: UDH leads MsgContent, no flag, Protocol_ID TLV', () => {
    const pdu = carrier.submit(segment({ udh: hex('0500037B0201'), part: { ref: 0x7b, total: 2, seq: 1 } }));
    // Same bytes as the codec test's "Submit, long-message part" vector.
    expect(encodeCngp({ ...pdu, sequence: 2 }).toString('hex')).toBe(
      hex(
        '000000A3 00000002 00000000 00000002',
        '53503030303031',
        z(3),
        '02 01 00',
        '48454C50',
        z(6),
        '3030',
        '00',
        '303030303030',
        '08',
        z(17),
        z(17),
        '3130363930303031',
        z(13),
        z(21),
        '01',
        '3133333030313333303030',
        z(10),
        '0A',
        '0500037B0201 4F60597D',
        '0100 0001 00',
      ).toString('hex'),
    );
  });

  it('channel options reach the Submit', () => {
    const pdu = cngpCarrierDialect({
      spId: 'SP9',
      serviceId: 'NEWS',
      feeType: '02',
      feeUserType: 3,
      feeCode: '000500',
      chargeTermId: '13300000000',
      subType: 3,
      protocolId: 0x41,
    }).submit(segment({ encoding: 'gbk', payload: GBK_ZHONGWEN_DUANXIN, priority: 3 }));
    expect(pdu).toMatchObject({
      spId: 'SP9',
      serviceId: 'NEWS',
      feeType: '02',
      feeUserType: 3,
      feeCode: '000500',
      chargeTermId: '13300000000',
      subType: 3,
      msgFormat: 15,
      priority: 3,
      tlvs: [{ tag: 0x0100, value: hex('41') }],
    });
  });

  it.each([
    [0, true],
    [1, 'throttled'],
    [47, 'permanent'],
    [21, 'transient'],
  ] as const)('Submit_Resp status %i → %s', (status, kind) => {
    const outcome = carrier.submitOutcome(carrier.submit(segment()), {
      command: 'submit_resp',
      sequence: 1,
      status,
      msgId: hex(MSG_ID),
      tlvs: [],
    });
    expect(outcome).toMatchObject(kind === true ? { ok: true, carrierMessageId: MSG_ID } : { ok: false, kind, status });
  });

  it('inboundReply answers with the MsgID, the status and Congestion_State', () => {
    const deliver = decodeCngp(
      encodeCngp({
        ...gateway.mo({ protocol: 'cngp', from: '1', to: '2', encoding: 'ascii', content: Buffer.from('hi') }),
        sequence: 4,
      }),
    );
    expect(encodeCngp(carrier.inboundReply(deliver, false)).toString('hex')).toBe(
      hex('0000001F 80000003 00000001 00000004', '01006101211530000000', '0428 0001 00').toString('hex'),
    );
  });
});

describe('CNGP gateway dialect → carrier dialect', () => {
  it('report(): Deliver with the SMGP-layout report block and Protocol_ID, byte for byte', () => {
    const pdu = gateway.report({
      messageId: MSG_ID,
      recipient: '13300133000',
      from: '10690001',
      state: 'EXPIRED',
      submittedAt: new Date('2026-01-21T07:30:10Z'),
      doneAt: new Date('2026-01-22T07:30:59Z'),
    });
    expect(encodeCngp(pdu).toString('hex')).toBe(
      hex(
        '000000D4 00000003 00000000 00000000', // 16 + 69 + 122 + 5 = 212
        MSG_ID,
        '01',
        '00',
        '3230323630313232313533303539', // RecvTime "20260122153059"
        '3133333030313333303030',
        z(10),
        '3130363930303031',
        z(13),
        '7A',
        '69643a',
        MSG_ID,
        '207375623a303031',
        '20646c7672643a303030', // dlvrd 000: not delivered
        '207375626d697420646174653a',
        '32363031323131353330',
        '20646f6e6520646174653a',
        '32363031323231353330',
        '20737461743a',
        '45585049524544', // EXPIRED
        '206572723a',
        '303036',
        '20746578743a',
        z(20),
        '0100 0001 00',
      ).toString('hex'),
    );
    expect(carrier.inbound(decodeCngp(encodeCngp(pdu)))).toEqual({
      kind: 'report',
      report: {
        protocol: 'cngp',
        carrierMessageId: MSG_ID,
        recipient: '13300133000',
        state: 'EXPIRED',
        code: 'EXPIRED',
        error: '006',
        submittedAt: new Date('2026-01-21T07:30:00Z'),
        doneAt: new Date('2026-01-22T07:30:00Z'),
      },
    });
  });

  it('a concatenated UCS2 MO is recognised by its leading header and round-trips', () => {
    const sms = {
      protocol: 'cngp',
      from: '13300133000',
      to: '1069000188',
      encoding: 'ucs2' as const,
      content: UCS2_NI_HAO,
      concat: { ref: 0x1234, total: 3, seq: 3 },
    };
    const pdu = gateway.mo(sms);
    expect(pdu.command === 'deliver' && pdu.msgContent).toEqual(Buffer.concat([hex('060804 1234 03 03'), UCS2_NI_HAO]));
    expect(carrier.inbound(decodeCngp(encodeCngp(pdu)))).toEqual({ kind: 'mo', sms });
  });

  it('GBK MO round-trips exactly', () => {
    const sms = {
      protocol: 'cngp',
      from: '13300133000',
      to: '1069000188',
      encoding: 'gbk' as const,
      content: GBK_ZHONGWEN_DUANXIN,
    };
    expect(carrier.inbound(decodeCngp(encodeCngp(gateway.mo(sms))))).toEqual({ kind: 'mo', sms });
  });

  it('text that merely starts with 0x05 is not taken for a UDH', () => {
    const deliver: CngpPdu = {
      command: 'deliver',
      sequence: 1,
      msgId: hex(MSG_ID),
      isReport: 0,
      msgFormat: 4,
      recvTime: '',
      srcTermId: '1',
      destTermId: '2',
      msgContent: hex('05 00 03 01 00 01 FF'),
      tlvs: [],
    };
    expect(carrier.inbound(deliver)).toMatchObject({ kind: 'mo', sms: { content: hex('05 00 03 01 00 01 FF') } });
  });

  it('received() strips the UDH of a part and reports its counters; messageIds follow the SMGP layout', () => {
    const request = decodeCngp(
      encodeCngp({
        ...carrier.submit(segment({ udh: hex('0500037B0201'), part: { ref: 0x7b, total: 2, seq: 1 } })),
        sequence: 2,
      }),
    );
    expect(gateway.received(request)).toEqual({
      to: ['13300133000'],
      from: '10690001',
      encoding: 'ucs2',
      content: UCS2_NI_HAO,
      udh: hex('0500037B0201'),
      part: { ref: 0x7b, total: 2, seq: 1 },
      wantReport: true,
    });
    const fresh = cngpGatewayDialect({ gatewayCode: '020062' });
    const ids = fresh.messageIds(request, new Date('2026-01-21T07:30:00Z'));
    expect(ids).toEqual(['02006201211530000000']);
    expect(encodeCngp(fresh.submitReply(request, { ok: true, messageIds: ids })).toString('hex')).toBe(
      hex('0000001F 80000002 00000000 00000002', '02006201211530000000', '0428 0001 00').toString('hex'),
    );
    expect(fresh.submitReply(request, { ok: false, reason: 'invalid-destination' })).toMatchObject({
      status: 47,
      msgId: Buffer.alloc(10),
    });
  });

  it('gives every destination the one MsgID Submit_Resp returns, and reports carry it', () => {
    const request = { ...carrier.submit(segment()), destTermIds: ['13300133000', '13300133001', '13300133002'] };
    const fresh = cngpGatewayDialect({ gatewayCode: '020062' });
    const ids = fresh.messageIds(request, new Date('2026-01-21T07:30:00Z'));
    expect(ids).toEqual(['02006201211530000000', '02006201211530000000', '02006201211530000000']);
    const reply = fresh.submitReply(request, { ok: true, messageIds: ids });
    const returned = carrier.submitOutcome(request, reply);
    expect(returned).toMatchObject({ ok: true, carrierMessageId: '02006201211530000000' });
    const report = fresh.report({
      messageId: ids[2] ?? '',
      recipient: '13300133002',
      from: '10690001',
      state: 'DELIVRD',
      submittedAt: new Date('2026-01-21T07:30:00Z'),
      doneAt: new Date('2026-01-21T07:30:05Z'),
    });
    expect(carrier.inbound(report)).toMatchObject({
      kind: 'report',
      report: { carrierMessageId: '02006201211530000000' },
    });
  });

  it('deliverAccepted reads Command_Status', () => {
    expect(
      gateway.deliverAccepted({ command: 'deliver_resp', sequence: 1, status: 0, msgId: hex(MSG_ID), tlvs: [] }),
    ).toBe(true);
    expect(
      gateway.deliverAccepted({ command: 'deliver_resp', sequence: 1, status: 1, msgId: hex(MSG_ID), tlvs: [] }),
    ).toBe(false);
  });
});
