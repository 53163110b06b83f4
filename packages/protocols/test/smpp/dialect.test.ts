import { describe, expect, it } from 'vitest';
import type { OutboundSegment } from '../../src/index.js';
import {
  CommandStatus,
  type DeliverSm,
  encodeSmpp,
  type SmppPdu,
  smppCarrierDialect,
  smppGatewayDialect,
  type SubmitSm,
  type Tlvs,
} from '../../src/smpp/index.js';
import { hex } from '../hex.js';

const carrier = smppCarrierDialect();

const segment: OutboundSegment = {
  to: '8613800138000',
  from: '10690001',
  encoding: 'gsm7',
  payload: Buffer.from('hi'),
  udh: null,
  part: null,
  wantReport: true,
  priority: 0,
};

/** A deliver_sm as an SMSC sends it; fields not given are the usual zeros. */
function deliver(fields: Partial<DeliverSm>): DeliverSm {
  return {
    command: 'deliver_sm',
    sequence: 3,
    commandStatus: 0,
    serviceType: '',
    sourceAddrTon: 1,
    sourceAddrNpi: 1,
    sourceAddr: '8613800138000',
    destAddrTon: 1,
    destAddrNpi: 1,
    destinationAddr: '10690001',
    esmClass: 0,
    protocolId: 0,
    priorityFlag: 0,
    scheduleDeliveryTime: '',
    validityPeriod: '',
    registeredDelivery: 0,
    replaceIfPresentFlag: 0,
    dataCoding: 0,
    smDefaultMsgId: 0,
    shortMessage: Buffer.alloc(0),
    tlvs: undefined,
    ...fields,
  };
}

describe('smpp carrier dialect: submit', () => {
  it('builds submit_sm for a single segment (bytes per 3.4 §4.4.1)', () => {
    const pdu = carrier.submit({ ...segment, validUntil: new Date('2024-01-02T03:04:05Z') });
    pdu.sequence = 1;
    // service_type "", TON/NPI 1/1 "10690001", 1/1 "8613800138000", esm_class 0, protocol_id 0,
    // priority 0, schedule "", validity "240102030405000+", registered_delivery 1, replace 0,
    // data_coding 0 (gsm7), sm_default_msg_id 0, sm_length 2, "hi"
    expect(encodeSmpp(pdu).toString('hex')).toBe(
      hex(
        '00000048 00000004 00000000 00000001',
        '00 01 01 3130363930303031 00 01 01 38363133383030313338303030 00',
        '00 00 00 00',
        '32343031 30323033 30343035 3030302b 00',
        '01 00 00 00 02 6869',
      ).toString('hex'),
    );
  });

  it('sends an alphanumeric sender as TON 5 / NPI 0 and no report as registered_delivery 0', () => {
    const pdu = carrier.submit({ ...segment, from: 'SHOP', wantReport: false, priority: 3 }) as SubmitSm;
    expect(pdu).toMatchObject({
      sourceAddrTon: 5,
      sourceAddrNpi: 0,
      registeredDelivery: 0,
      priorityFlag: 3,
      validityPeriod: '',
    });
  });

  it('puts the UDH in front of a long-message part and sets UDHI (reference §6)', () => {
    const udh = hex('050003 2a 02 01');
    const pdu = carrier.submit({
      ...segment,
      encoding: 'ucs2',
      payload: hex('4f60 597d'),
      udh,
      part: { ref: 0x2a, total: 2, seq: 1 },
    }) as SubmitSm;
    expect(pdu.esmClass).toBe(0x40);
    expect(pdu.dataCoding).toBe(0x08);
    expect(pdu.shortMessage.toString('hex')).toBe('0500032a02014f60597d');
    expect(pdu.tlvs).toBeUndefined();
  });

  it('uses sar_* TLVs instead of the UDH when the channel asks for them', () => {
    const sar = smppCarrierDialect({ concatenation: 'sar' });
    const pdu = sar.submit({
      ...segment,
      payload: Buffer.from('part'),
      udh: hex('050003 2a 02 02'),
      part: { ref: 0x2a, total: 2, seq: 2 },
    }) as SubmitSm;
    expect(pdu.esmClass).toBe(0);
    expect(pdu.shortMessage.toString()).toBe('part');
    expect(pdu.tlvs).toEqual({ sarMsgRefNum: 0x2a, sarTotalSegments: 2, sarSegmentSeqnum: 2 });
  });

  it('moves content over 254 bytes to message_payload with sm_length 0 (3.4 §5.3.2.32)', () => {
    const pdu = carrier.submit({ ...segment, encoding: 'binary', payload: Buffer.alloc(300, 1) }) as SubmitSm;
    expect(pdu.shortMessage.length).toBe(0);
    expect(pdu.tlvs?.messagePayload?.length).toBe(300);
    expect(pdu.dataCoding).toBe(0x04);
  });
});

describe('smpp carrier dialect: submit outcome', () => {
  const resp = (commandStatus: number, messageId = ''): SmppPdu => ({
    command: 'submit_sm_resp',
    sequence: 1,
    commandStatus,
    messageId,
    tlvs: undefined,
  });
  const request = carrier.submit(segment);

  it('takes message_id from a successful submit_sm_resp', () => {
    expect(carrier.submitOutcome(request, resp(0, '65937d252a000001'))).toEqual({
      ok: true,
      carrierMessageId: '65937d252a000001',
    });
  });

  const failures: [string, number, 'throttled' | 'transient' | 'permanent'][] = [
    ['ESME_RTHROTTLED', CommandStatus.ESME_RTHROTTLED, 'throttled'],
    ['ESME_RMSGQFUL', CommandStatus.ESME_RMSGQFUL, 'throttled'],
    ['ESME_RX_T_APPN', CommandStatus.ESME_RX_T_APPN, 'transient'],
    ['ESME_RSYSERR', CommandStatus.ESME_RSYSERR, 'transient'],
    ['ESME_RSUBMITFAIL', CommandStatus.ESME_RSUBMITFAIL, 'transient'],
    ['a vendor code', 0x400, 'transient'],
    ['ESME_RINVDSTADR', CommandStatus.ESME_RINVDSTADR, 'permanent'],
    ['ESME_RX_P_APPN', CommandStatus.ESME_RX_P_APPN, 'permanent'],
    ['ESME_RX_R_APPN', CommandStatus.ESME_RX_R_APPN, 'permanent'],
    ['ESME_RINVSRCADR', CommandStatus.ESME_RINVSRCADR, 'permanent'],
    ['ESME_RINVDCS', CommandStatus.ESME_RINVDCS, 'permanent'],
  ];
  for (const [name, status, kind] of failures) {
    it(`${name} is ${kind}`, () => {
      expect(carrier.submitOutcome(request, resp(status))).toMatchObject({ ok: false, kind, status });
    });
  }

  it('classifies a generic_nack by its status and names it', () => {
    const outcome = carrier.submitOutcome(request, {
      command: 'generic_nack',
      sequence: 1,
      commandStatus: CommandStatus.ESME_RTHROTTLED,
    });
    expect(outcome).toMatchObject({ ok: false, kind: 'throttled' });
    expect(outcome.ok ? '' : outcome.reason).toContain('generic_nack: ESME_RTHROTTLED');
  });
});

describe('smpp carrier dialect: inbound', () => {
  it('reads a receipt from its TLVs first (receipted_message_id, message_state) and dates from the text', () => {
    const event = carrier.inbound(
      deliver({
        esmClass: 0x04,
        shortMessage: Buffer.from(
          'id:123 sub:001 dlvrd:001 submit date:2401020304 done date:2401020305 stat:DELIVRD err:000 text:',
        ),
        tlvs: { receiptedMessageId: '7b', messageState: 2 },
      }),
    );
    expect(event).toEqual({
      kind: 'report',
      report: {
        protocol: 'smpp',
        carrierMessageId: '7b',
        recipient: '8613800138000',
        state: 'DELIVRD',
        code: 'DELIVRD',
        error: '000',
        submittedAt: new Date('2024-01-02T03:04:00Z'),
        doneAt: new Date('2024-01-02T03:05:00Z'),
      },
    });
  });

  it('reads a text-only receipt (3.3 style) and maps the stat word', () => {
    const event = carrier.inbound(
      deliver({ esmClass: 0x04, shortMessage: Buffer.from('id:AB12 stat:UNDELIV err:034') }),
    );
    expect(event).toMatchObject({
      kind: 'report',
      report: { carrierMessageId: 'AB12', state: 'UNDELIV', code: 'UNDELIV', error: '034' },
    });
  });

  it('normalises the receipt id when the channel says how', () => {
    const decimal = smppCarrierDialect({ receiptId: (id) => BigInt(id).toString(16) });
    const event = decimal.inbound(deliver({ esmClass: 0x04, shortMessage: Buffer.from('id:6699 stat:DELIVRD') }));
    expect(event).toMatchObject({ kind: 'report', report: { carrierMessageId: '1a2b' } });
  });

  it('reads receipt dates in the SMSC zone', () => {
    const china = smppCarrierDialect({ receiptUtcOffsetMinutes: 480 });
    const event = china.inbound(
      deliver({ esmClass: 0x04, shortMessage: Buffer.from('id:1 submit date:2401021104 stat:EXPIRED') }),
    );
    expect(event).toMatchObject({
      kind: 'report',
      report: { state: 'EXPIRED', submittedAt: new Date('2024-01-02T03:04:00Z') },
    });
  });

  it('reads an intermediate notification (esm_class 0x20) as an ENROUTE report', () => {
    const event = carrier.inbound(deliver({ esmClass: 0x20, tlvs: { receiptedMessageId: 'x1', messageState: 1 } }));
    expect(event).toMatchObject({
      kind: 'report',
      report: { carrierMessageId: 'x1', state: 'ENROUTE', code: 'ENROUTE' },
    });
  });

  it('keeps a network_error_code as the error when the text has no err', () => {
    const event = carrier.inbound(
      deliver({
        esmClass: 0x04,
        tlvs: { receiptedMessageId: 'x2', messageState: 5, networkErrorCode: { networkType: 3, errorCode: 1 } },
      }),
    );
    expect(event).toMatchObject({ kind: 'report', report: { state: 'UNDELIV', code: 'UNDELIV', error: '3:1' } });
  });

  it('passes on a receipt it cannot correlate', () => {
    const request = deliver({ esmClass: 0x04, shortMessage: Buffer.from('delivered!') });
    expect(carrier.inbound(request)).toEqual({ kind: 'other', request });
  });

  it('reads an MO with a concatenation UDH', () => {
    const event = carrier.inbound(
      deliver({ esmClass: 0x40, dataCoding: 0x08, serviceType: 'CMT', shortMessage: hex('050003 07 03 02 4f60') }),
    );
    expect(event).toEqual({
      kind: 'mo',
      sms: {
        protocol: 'smpp',
        from: '8613800138000',
        to: '10690001',
        encoding: 'ucs2',
        content: hex('4f60'),
        concat: { ref: 7, total: 3, seq: 2 },
        serviceId: 'CMT',
      },
    });
  });

  it('reads an MO split with sar_* TLVs, and text in message_payload', () => {
    const tlvs: Tlvs = {
      messagePayload: Buffer.from('hello'),
      sarMsgRefNum: 300,
      sarTotalSegments: 2,
      sarSegmentSeqnum: 1,
    };
    const event = carrier.inbound(deliver({ tlvs }));
    expect(event).toMatchObject({
      kind: 'mo',
      sms: { encoding: 'gsm7', content: Buffer.from('hello'), concat: { ref: 300, total: 2, seq: 1 } },
    });
  });

  it('reads an MO over data_sm, and a coding it cannot read as binary', () => {
    const event = carrier.inbound({
      command: 'data_sm',
      sequence: 1,
      commandStatus: 0,
      serviceType: '',
      sourceAddrTon: 1,
      sourceAddrNpi: 1,
      sourceAddr: '111',
      destAddrTon: 0,
      destAddrNpi: 0,
      destinationAddr: '222',
      esmClass: 0,
      registeredDelivery: 0,
      dataCoding: 0x06, // Cyrillic
      tlvs: { messagePayload: hex('c0c1') },
    });
    expect(event).toMatchObject({
      kind: 'mo',
      sms: { from: '111', to: '222', encoding: 'binary', content: hex('c0c1') },
    });
  });

  it('leaves a malformed UDH in the content rather than losing the message', () => {
    const event = carrier.inbound(deliver({ esmClass: 0x40, shortMessage: hex('09 0003 01') }));
    expect(event).toMatchObject({ kind: 'mo', sms: { content: hex('09000301') } });
  });

  it('answers deliver_sm, asking for a resend with ESME_RX_T_APPN when it could not store it', () => {
    const request = deliver({});
    expect(carrier.inboundReply(request, true)).toEqual({
      command: 'deliver_sm_resp',
      sequence: 3,
      commandStatus: 0,
      messageId: '',
      tlvs: undefined,
    });
    expect(carrier.inboundReply(request, false)).toMatchObject({
      command: 'deliver_sm_resp',
      commandStatus: CommandStatus.ESME_RX_T_APPN,
    });
    expect(encodeSmpp(carrier.inboundReply(request, true)).toString('hex')).toBe(
      '00000011800000050000000000000003' + '00',
    );
  });
});

describe('smpp gateway dialect', () => {
  const gateway = smppGatewayDialect({ systemId: 'SMSHUB', node: 7, random: () => 0 });
  const now = new Date('2024-01-02T03:04:05Z');

  it('reads a submit_sm part: content without UDH, concat info, report wanted', () => {
    const submit = carrier.submit({
      ...segment,
      encoding: 'ucs2',
      payload: hex('4f60'),
      udh: hex('050003 2a 02 01'),
      part: { ref: 42, total: 2, seq: 1 },
    });
    expect(gateway.received(submit)).toEqual({
      to: ['8613800138000'],
      from: '10690001',
      encoding: 'ucs2',
      content: hex('4f60'),
      udh: hex('050003 2a 02 01'),
      part: { ref: 42, total: 2, seq: 1 },
      wantReport: true,
    });
    expect(gateway.received({ command: 'enquire_link', sequence: 1, commandStatus: 0 })).toBeNull();
  });

  it('reads submit_multi destinations (SME addresses; distribution lists are not ours)', () => {
    const multi: SmppPdu = {
      command: 'submit_multi',
      sequence: 1,
      commandStatus: 0,
      serviceType: '',
      sourceAddrTon: 0,
      sourceAddrNpi: 0,
      sourceAddr: '1069',
      destAddresses: [
        { type: 'sme_address', destAddrTon: 1, destAddrNpi: 1, destinationAddr: '111' },
        { type: 'distribution_list', dlName: 'all' },
        { type: 'sme_address', destAddrTon: 1, destAddrNpi: 1, destinationAddr: '222' },
      ],
      esmClass: 0,
      protocolId: 0,
      priorityFlag: 0,
      scheduleDeliveryTime: '',
      validityPeriod: '',
      registeredDelivery: 2,
      replaceIfPresentFlag: 0,
      dataCoding: 0,
      smDefaultMsgId: 0,
      shortMessage: Buffer.from('x'),
    };
    expect(gateway.received(multi)).toMatchObject({ to: ['111', '222'], wantReport: true });
    const ids = gateway.messageIds(multi, now);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]); // submit_multi_resp has one message_id for all
    expect(gateway.submitReply(multi, { ok: true, messageIds: ids })).toEqual({
      command: 'submit_multi_resp',
      sequence: 1,
      commandStatus: 0,
      messageId: ids[0],
      unsuccessSmes: [],
      tlvs: undefined,
    });
  });

  it('gives 16-hex-digit ids and answers with them, or with the status of a refusal', () => {
    const submit = carrier.submit(segment);
    submit.sequence = 5;
    const [id] = gateway.messageIds(submit, now);
    expect(id).toBe('65937d2507000001');
    expect(gateway.submitReply(submit, { ok: true, messageIds: [id!] })).toEqual({
      command: 'submit_sm_resp',
      sequence: 5,
      commandStatus: 0,
      messageId: id,
      tlvs: undefined,
    });
    expect(gateway.submitReply(submit, { ok: false, reason: 'throttled' })).toMatchObject({
      command: 'submit_sm_resp',
      commandStatus: CommandStatus.ESME_RTHROTTLED,
      messageId: '',
    });
  });

  it('sends a report as deliver_sm esm_class 0x04 with receipt text and TLVs (bytes per 3.4 §4.6.1, Appendix B)', () => {
    const report = gateway.report({
      messageId: '65937d2507000001',
      recipient: '8613800138000',
      from: '1069',
      state: 'DELIVRD',
      submittedAt: new Date('2024-01-02T03:04:00Z'),
      doneAt: new Date('2024-01-02T03:05:00Z'),
    });
    report.sequence = 9;
    const text =
      'id:65937d2507000001 sub:001 dlvrd:001 submit date:2401020304 done date:2401020305 stat:DELIVRD err:000 text:';
    expect(Buffer.from(text).length).toBe(108); // 0x6c
    expect(encodeSmpp(report).toString('hex')).toBe(
      hex(
        '000000b8 00000005 00000000 00000009',
        '00 01 01 38363133383030313338303030 00 01 01 31303639 00',
        '04 00 00 00 00 00 00 00 00 6c',
        Buffer.from(text).toString('hex'),
        '001e 0011 36353933376432353037303030303031 00',
        '0427 0001 02',
      ).toString('hex'),
    );
  });

  it('round-trips a report through the carrier dialect', () => {
    const report = gateway.report({
      messageId: 'abc',
      recipient: '8613800138000',
      from: 'SHOP',
      state: 'UNDELIV',
      error: '034',
      submittedAt: new Date('2024-01-02T03:04:00Z'),
      doneAt: new Date('2024-01-02T03:09:00Z'),
    });
    expect(report.destAddrTon).toBe(5);
    expect(carrier.inbound(report)).toEqual({
      kind: 'report',
      report: {
        protocol: 'smpp',
        carrierMessageId: 'abc',
        recipient: '8613800138000',
        state: 'UNDELIV',
        code: 'UNDELIV',
        error: '034',
        submittedAt: new Date('2024-01-02T03:04:00Z'),
        doneAt: new Date('2024-01-02T03:09:00Z'),
      },
    });
  });

  it('sends 3.3 reports as text only', () => {
    const old = smppGatewayDialect({ systemId: 'G', version: 0x33 });
    const report = old.report({
      messageId: 'a',
      recipient: '1',
      from: '2',
      state: 'EXPIRED',
      submittedAt: now,
      doneAt: now,
    });
    expect(report.tlvs).toBeUndefined();
    expect(() => encodeSmpp(report, 0x33)).not.toThrow();
    expect(smppCarrierDialect({ version: 0x33 }).inbound(report)).toMatchObject({
      kind: 'report',
      report: { carrierMessageId: 'a', state: 'EXPIRED' },
    });
  });

  it('round-trips an MO part (UDH built from concat) through the carrier dialect', () => {
    const sms = {
      protocol: 'smpp',
      from: '8613800138000',
      to: '106900011234',
      encoding: 'ucs2' as const,
      content: hex('4f60597d'),
      concat: { ref: 513, total: 2, seq: 2 },
      serviceId: 'CMT',
    };
    const mo = gateway.mo(sms);
    expect(mo.esmClass).toBe(0x40);
    expect(mo.shortMessage.subarray(0, 7).toString('hex')).toBe('0608040201' + '0202'); // 16-bit reference
    expect(carrier.inbound(mo)).toEqual({ kind: 'mo', sms });
  });

  it('tells whether the client took a deliver', () => {
    expect(gateway.deliverAccepted({ command: 'deliver_sm_resp', sequence: 1, commandStatus: 0, messageId: '' })).toBe(
      true,
    );
    expect(
      gateway.deliverAccepted({ command: 'deliver_sm_resp', sequence: 1, commandStatus: 0x64, messageId: '' }),
    ).toBe(false);
    expect(gateway.deliverAccepted({ command: 'generic_nack', sequence: 1, commandStatus: 3 })).toBe(false);
  });

  it('has the acceptor and the same-session report path', () => {
    expect(gateway.reportPath).toBe('same-session');
    expect(
      gateway.acceptor.isBindRequest({
        command: 'bind_receiver',
        sequence: 1,
        commandStatus: 0,
        systemId: 'a',
        password: '',
        systemType: '',
        interfaceVersion: 0x34,
        addrTon: 0,
        addrNpi: 0,
        addressRange: '',
      }),
    ).toBe(true);
  });
});
