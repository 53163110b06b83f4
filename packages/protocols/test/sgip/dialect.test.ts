import { describe, expect, it } from 'vitest';
import type { OutboundSegment, ReportToSend } from '@smshub/protocols';
import { EncodeError } from '@smshub/protocols';
import {
  formatSgipTime,
  sgipCarrierDialect,
  sgipGatewayDialect,
  withCountryCode,
  withoutCountryCode,
  type SgipPdu,
} from '@smshub/protocols/sgip';
import { decodeText, encodeText, splitText, type TextEncoding } from '@smshub/sms';
import { sgipSubmit } from './fixtures.js';
import { hex, zeros } from '../hex.js';

const clock = () => new Date('2024-11-20T12:32:25Z'); // Beijing 11-20 20:32:25 → time 1120203225
const carrier = sgipCarrierDialect({
  nodeId: 3010012345,
  spNumber: '10655',
  corpId: '12345',
  serviceType: 'ABCD',
  now: clock,
});
const gateway = sgipGatewayDialect({ nodeId: 101001, now: clock });

function segment(overrides: Partial<OutboundSegment> = {}): OutboundSegment {
  return {
    to: '13012345678',
    from: '106551234',
    encoding: 'ascii',
    payload: Buffer.from('hi'),
    udh: null,
    part: null,
    wantReport: true,
    priority: 2,
    ...overrides,
  };
}

/** Numbers a request as a session would, and puts it through the wire and back. */
function sent(pdu: SgipPdu): SgipPdu {
  carrier.protocol.sequencer().assign(pdu);
  return carrier.protocol.decode(carrier.protocol.encode(pdu));
}

describe('sgip carrier dialect: submit()', () => {
  it('builds a SUBMIT byte for byte from the channel options (reference §2.4)', () => {
    const counter = sgipCarrierDialect({
      nodeId: 3010012345,
      spNumber: '10655',
      corpId: '12345',
      serviceType: 'ABCD',
      now: clock,
    });
    const pdu = counter.submit(segment({ validUntil: new Date('2025-01-01T04:00:00Z') }));
    counter.protocol.sequencer().assign(pdu);
    // total 143 + 21 + 2 = 166 = 0xa6; sequence node b36924b9, time 42c4f1d9, first counter 0
    const expected = hex(
      '000000a6 00000003 b36924b9 42c4f1d9 00000000',
      '313036353531323334',
      zeros(12), // SPNumber: the segment's from "106551234"
      '303030303030303030303030303030303030303030', // ChargeNumber default: 21 × '0', the SP pays
      '01',
      '38363133303132333435363738',
      zeros(8), // UserCount 1, "86" + to
      '3132333435',
      '41424344',
      zeros(6), // CorpId, ServiceType
      '01',
      '30',
      zeros(5),
      '30',
      zeros(5), // FeeType free, FeeValue "0", GivenValue "0"
      '00',
      '02',
      '06', // AgentFlag, MorelatetoMTFlag not caused by MO, priority 2 → 6
      '3235303130313132303030303033322b', // ExpireTime: 04:00Z = 12:00 Beijing, "250101120000032+"
      zeros(16), // ScheduleTime: now
      '01',
      '00',
      '00',
      '00',
      '00', // ReportFlag always, TP_pid, TP_udhi, MessageCoding ASCII, MessageType
      '00000002',
      '6869',
      zeros(8),
    );
    expect(counter.protocol.encode(pdu).toString('hex')).toBe(expected.toString('hex'));
  });

  it.each([
    [false, 2],
    [true, 1],
  ])('wantReport %s → ReportFlag %d', (wantReport, flag) => {
    expect(carrier.submit(segment({ wantReport }))).toMatchObject({ reportFlag: flag });
  });

  it.each([
    [0, 0],
    [1, 3],
    [2, 6],
    [3, 9],
  ] as const)('priority %d → Priority %d; a custom mapping applies', (priority, expected) => {
    expect(carrier.submit(segment({ priority }))).toMatchObject({ priority: expected });
    const custom = sgipCarrierDialect({
      nodeId: 1,
      spNumber: '1',
      corpId: '1',
      serviceType: '',
      priorities: [1, 1, 2, 2],
    });
    expect(custom.submit(segment({ priority }))).toMatchObject({ priority: [1, 1, 2, 2][priority] });
  });

  it('uses the channel SP number when the segment has no sender', () => {
    expect(carrier.submit(segment({ from: '' }))).toMatchObject({ spNumber: '10655' });
  });

  it('keeps a number that already has the 86 prefix', () => {
    expect(carrier.submit(segment({ to: '8613012345678' }))).toMatchObject({ userNumbers: ['8613012345678'] });
  });

  it.each([
    ['ascii', 0],
    ['binary', 4],
    ['ucs2', 8],
    ['gbk', 15],
  ] as [TextEncoding, number][])('%s → MessageCoding %d', (encoding, coding) => {
    expect(carrier.submit(segment({ encoding }))).toMatchObject({ messageCoding: coding });
  });

  it.each(['gsm7', 'latin1'] as TextEncoding[])('refuses %s, which SGIP has no coding for', (encoding) => {
    expect(() => carrier.submit(segment({ encoding }))).toThrow(EncodeError);
  });

  it('splits long Chinese text into UDH parts (TP_udhi 1, MessageCoding 8) that reassemble', () => {
    const text = '联通短信网关长短信测试：'.repeat(10); // 120 chars → 2 parts of ≤ 67 UCS2 chars
    const split = splitText(text, { encoding: 'ucs2', reference: 0x2a });
    expect(split.segments).toHaveLength(2);
    const submits = split.segments.map((s) =>
      sent(carrier.submit(segment({ encoding: split.encoding, payload: s.payload, udh: s.udh, part: s.part }))),
    );
    const received = submits.map((submit) => {
      expect(submit).toMatchObject({ tpUdhi: 1, messageCoding: 8 });
      return gateway.received(submit)!;
    });
    // reference §6: the 8-bit reference UDH 05 00 03 RR TT SS starts each part's content
    expect(submits[0]!.command === 'submit' && submits[0]!.messageContent.subarray(0, 6).toString('hex')).toBe(
      '0500032a0201',
    );
    expect(received.map((r) => r.part)).toEqual([
      { ref: 0x2a, total: 2, seq: 1 },
      { ref: 0x2a, total: 2, seq: 2 },
    ]);
    expect(decodeText(Buffer.concat(received.map((r) => r.content)), 'ucs2')).toBe(text);
  });

  it('carries GBK Chinese text unchanged', () => {
    const payload = encodeText('你好，联通', 'gbk');
    const submit = sent(carrier.submit(segment({ encoding: 'gbk', payload })));
    const received = gateway.received(submit)!;
    expect(received.encoding).toBe('gbk');
    expect(decodeText(received.content, 'gbk')).toBe('你好，联通');
  });
});

describe('sgip carrier dialect: submitOutcome()', () => {
  const request = sent(carrier.submit(segment()));
  const resp = (result: number): SgipPdu => ({ command: 'submit_resp', sequence: request.sequence, result });

  it('Result 0: the message id is the SUBMIT sequence as node:time:seq', () => {
    const { node, time, seq } = request.sequence;
    expect(carrier.submitOutcome(request, resp(0))).toEqual({ ok: true, carrierMessageId: `${node}:${time}:${seq}` });
  });

  it.each([
    [11, 'throttled'],
    [33, 'throttled'],
    [87, 'throttled'],
    [88, 'throttled'],
    [5, 'permanent'],
    [6, 'permanent'],
    [8, 'permanent'],
    [27, 'permanent'],
    [29, 'permanent'],
    [31, 'permanent'],
    [1, 'transient'],
    [3, 'transient'],
    [9, 'transient'],
    [21, 'transient'],
    [25, 'transient'],
    [32, 'transient'],
    [200, 'transient'],
  ])('Result %d is %s', (result, kind) => {
    expect(carrier.submitOutcome(request, resp(result))).toMatchObject({ ok: false, kind, status: result });
  });

  it('gives a readable reason', () => {
    expect(carrier.submitOutcome(request, resp(6))).toMatchObject({ reason: 'illegal mobile number' });
  });

  it('treats an answer that is not a SUBMIT_RESP as transient', () => {
    expect(carrier.submitOutcome(request, { command: 'unbind_resp', sequence: request.sequence })).toMatchObject({
      ok: false,
      kind: 'transient',
    });
  });
});

describe('sgip carrier dialect: inbound() on the callback connection', () => {
  it('matches a REPORT to the SUBMIT it refers to by the submit sequence', () => {
    const request = sent(carrier.submit(segment()));
    const outcome = carrier.submitOutcome(request, { command: 'submit_resp', sequence: request.sequence, result: 0 });
    if (!outcome.ok) throw new Error('submit failed');
    // The SMG's REPORT, as bytes: its own header sequence, then the SUBMIT's 12-byte sequence.
    const { node, time, seq } = request.sequence;
    const frame = Buffer.alloc(64);
    frame.writeUInt32BE(64, 0);
    frame.writeUInt32BE(5, 4);
    frame.writeUInt32BE(101001, 8);
    frame.writeUInt32BE(node, 20);
    frame.writeUInt32BE(time, 24);
    frame.writeUInt32BE(seq, 28);
    frame.write('8613012345678', 33, 'latin1');
    frame[54] = 0; // State delivered
    const event = carrier.inbound(carrier.protocol.decode(frame));
    expect(event).toEqual({
      kind: 'report',
      report: {
        protocol: 'sgip',
        carrierMessageId: outcome.carrierMessageId,
        recipient: '13012345678',
        state: 'DELIVRD',
        code: '0',
      },
    });
  });

  const report = (state: number, errorCode: number): SgipPdu => ({
    command: 'report',
    sequence: { node: 101001, time: 1, seq: 2 },
    submitSequence: { node: 3010012345, time: 1120203225, seq: 9 },
    reportType: 0,
    userNumber: '8613012345678',
    state,
    errorCode,
  });

  it.each([
    [0, 0, 'DELIVRD', undefined],
    [1, 0, 'ENROUTE', undefined],
    [2, 29, 'UNDELIV', '29'],
    [7, 0, 'UNKNOWN', '0'],
  ])('State %d ErrorCode %d → %s', (state, errorCode, expected, error) => {
    const event = carrier.inbound(report(state, errorCode));
    expect(event.kind).toBe('report');
    if (event.kind !== 'report') return;
    expect(event.report.state).toBe(expected);
    expect(event.report.error).toBe(error);
    expect(event.report.carrierMessageId).toBe('3010012345:1120203225:9');
  });

  const deliver = (tpUdhi: number, content: Buffer, messageCoding = 8): SgipPdu => ({
    command: 'deliver',
    sequence: { node: 101001, time: 1, seq: 3 },
    userNumber: '8613012345678',
    spNumber: '106551234001',
    tpPid: 0,
    tpUdhi,
    messageCoding,
    messageContent: content,
  });

  it('DELIVER → MO with the 86 dropped from the sender', () => {
    expect(carrier.inbound(deliver(0, encodeText('退订', 'ucs2')))).toEqual({
      kind: 'mo',
      sms: {
        protocol: 'sgip',
        from: '13012345678',
        to: '106551234001',
        encoding: 'ucs2',
        content: encodeText('退订', 'ucs2'),
      },
    });
  });

  it('DELIVER with TP_udhi 1 → MO part with its concat counters and the UDH removed', () => {
    const event = carrier.inbound(deliver(1, Buffer.concat([hex('050003070302'), encodeText('第二', 'ucs2')])));
    expect(event).toMatchObject({ kind: 'mo', sms: { concat: { ref: 7, total: 3, seq: 2 } } });
    if (event.kind === 'mo') expect(decodeText(event.sms.content, 'ucs2')).toBe('第二');
  });

  it('DELIVER with TP_udhi 1 but a broken header keeps every byte', () => {
    const content = hex('09000307');
    expect(carrier.inbound(deliver(1, content))).toMatchObject({ kind: 'mo', sms: { content } });
  });

  it('DELIVER with a MessageCoding outside the table passes the bytes on as binary', () => {
    expect(carrier.inbound(deliver(0, hex('0102'), 99))).toMatchObject({ kind: 'mo', sms: { encoding: 'binary' } });
  });

  it('USERRPT and anything else are left to the caller', () => {
    const userrpt: SgipPdu = {
      command: 'userrpt',
      sequence: { node: 1, time: 2, seq: 3 },
      spNumber: '1',
      userNumber: '2',
      userCondition: 0,
    };
    expect(carrier.inbound(userrpt)).toEqual({ kind: 'other', request: userrpt });
  });

  it('inboundReply: Result 0 when stored, 11 (node busy: send again) when not', () => {
    const request = report(0, 0);
    expect(carrier.inboundReply(request, true)).toEqual({
      command: 'report_resp',
      sequence: request.sequence,
      result: 0,
    });
    expect(carrier.inboundReply(request, false)).toEqual({
      command: 'report_resp',
      sequence: request.sequence,
      result: 11,
    });
    const mo = deliver(0, Buffer.alloc(0));
    expect(carrier.inboundReply(mo, true)).toMatchObject({ command: 'deliver_resp', result: 0 });
  });

  it('offers the SP-side bind pieces of both connections', () => {
    expect(carrier.submitCredentials('sp001', 'pw')).toEqual({ loginName: 'sp001', password: 'pw', loginType: 1 });
    const bind = (loginType: number): SgipPdu => ({
      command: 'bind',
      sequence: { node: 1, time: 1, seq: 1 },
      loginType,
      loginName: 'smg',
      loginPassword: 'pw',
    });
    expect(carrier.callbackAcceptor.verify(bind(2), { account: 'smg', secret: 'pw' }, new Date()).ok).toBe(true);
    expect(carrier.callbackAcceptor.verify(bind(1), { account: 'smg', secret: 'pw' }, new Date())).toMatchObject({
      ok: false,
      status: 4,
    });
  });
});

describe('sgip gateway dialect', () => {
  it('takes SP logins (type 1) and reports over a callback connection it binds with type 2', () => {
    expect(gateway.reportPath).toBe('callback-connection');
    expect(gateway.callbackCredentials('smg', 'pw')).toEqual({ loginName: 'smg', password: 'pw', loginType: 2 });
    const bind: SgipPdu = {
      command: 'bind',
      sequence: { node: 1, time: 1, seq: 1 },
      loginType: 1,
      loginName: 'sp',
      loginPassword: 'pw',
    };
    expect(gateway.acceptor.verify(bind, { account: 'sp', secret: 'pw' }, new Date()).ok).toBe(true);
  });

  const bulk = sgipSubmit({
    sequence: { node: 3010012345, time: 1120203225, seq: 42 },
    spNumber: '106551234',
    userNumbers: ['8613012345678', '8613800138000'],
    reportFlag: 0,
    messageCoding: 15,
    messageContent: encodeText('你好', 'gbk'),
  });

  it('gives every recipient of a SUBMIT its sequence as the message id', () => {
    expect(gateway.messageIds(bulk, new Date())).toEqual(['3010012345:1120203225:42', '3010012345:1120203225:42']);
    expect(gateway.messageIds({ command: 'unbind', sequence: bulk.sequence }, new Date())).toEqual([]);
  });

  it('reads a SUBMIT: national numbers, encoding, no report wanted for ReportFlag 0', () => {
    expect(gateway.received(bulk)).toEqual({
      to: ['13012345678', '13800138000'],
      from: '106551234',
      encoding: 'gbk',
      content: encodeText('你好', 'gbk'),
      udh: null,
      part: null,
      wantReport: false,
    });
    expect(gateway.received({ command: 'unbind', sequence: bulk.sequence })).toBeNull();
  });

  it('answers a SUBMIT with Result 0 or the reject code', () => {
    expect(gateway.submitReply(bulk, { ok: true, messageIds: [] })).toEqual({
      command: 'submit_resp',
      sequence: bulk.sequence,
      result: 0,
    });
    expect(gateway.submitReply(bulk, { ok: false, reason: 'throttled' })).toMatchObject({ result: 33 });
    expect(gateway.submitReply(bulk, { ok: false, reason: 'queue-full' })).toMatchObject({ result: 11 });
    expect(gateway.submitReply(bulk, { ok: false, reason: 'invalid-destination' })).toMatchObject({ result: 6 });
  });

  const toSend = (state: ReportToSend['state'], error?: string): ReportToSend => ({
    messageId: '3010012345:1120203225:42',
    recipient: '13800138000',
    from: '106551234',
    state,
    ...(error === undefined ? {} : { error }),
    submittedAt: new Date(),
    doneAt: new Date(),
  });

  it.each([
    ['DELIVRD', undefined, 0, 0],
    ['ENROUTE', undefined, 1, 0],
    ['ACCEPTD', undefined, 1, 0],
    ['UNDELIV', '26', 2, 26],
    ['UNDELIV', undefined, 2, 28],
    ['EXPIRED', undefined, 2, 25],
    ['REJECTD', 'DENIED', 2, 28],
  ] as const)(
    'report(%s, error %s) → State %d ErrorCode %d, naming the SUBMIT',
    (state, error, expectedState, errorCode) => {
      expect(gateway.report(toSend(state, error))).toMatchObject({
        command: 'report',
        submitSequence: { node: 3010012345, time: 1120203225, seq: 42 },
        reportType: 0,
        userNumber: '8613800138000',
        state: expectedState,
        errorCode,
      });
    },
  );

  it('refuses a numeric error that does not fit ErrorCode', () => {
    expect(() => gateway.report(toSend('UNDELIV', '300'))).toThrow(EncodeError);
  });

  it('refuses a message id that is not node:time:seq with EncodeError', () => {
    expect(() => gateway.report({ ...toSend('DELIVRD'), messageId: '1234567890' })).toThrow(EncodeError);
  });

  it('its REPORT reads back on the carrier side as the same report', () => {
    const pdu = gateway.report(toSend('UNDELIV', '26'));
    gateway.protocol.sequencer().assign(pdu);
    const event = carrier.inbound(carrier.protocol.decode(gateway.protocol.encode(pdu)));
    expect(event).toEqual({
      kind: 'report',
      report: {
        protocol: 'sgip',
        carrierMessageId: '3010012345:1120203225:42',
        recipient: '13800138000',
        state: 'UNDELIV',
        code: '2',
        error: '26',
      },
    });
  });

  it('its MO DELIVER (long-message part) reads back on the carrier side as the same MO', () => {
    const sms = {
      protocol: 'sgip',
      from: '13012345678',
      to: '106551234001',
      encoding: 'ucs2' as const,
      content: encodeText('联通回复', 'ucs2'),
      concat: { ref: 9, total: 2, seq: 1 },
    };
    const pdu = gateway.mo(sms);
    expect(pdu).toMatchObject({ tpUdhi: 1, messageCoding: 8, userNumber: '8613012345678' });
    gateway.protocol.sequencer().assign(pdu);
    expect(carrier.inbound(carrier.protocol.decode(gateway.protocol.encode(pdu)))).toEqual({ kind: 'mo', sms });
  });

  it('deliverAccepted: only a Result 0 answer to a REPORT or DELIVER', () => {
    const seq = { node: 1, time: 1, seq: 1 };
    expect(gateway.deliverAccepted({ command: 'report_resp', sequence: seq, result: 0 })).toBe(true);
    expect(gateway.deliverAccepted({ command: 'deliver_resp', sequence: seq, result: 0 })).toBe(true);
    expect(gateway.deliverAccepted({ command: 'report_resp', sequence: seq, result: 11 })).toBe(false);
    expect(gateway.deliverAccepted({ command: 'submit_resp', sequence: seq, result: 0 })).toBe(false);
  });
});

describe('sgip text helpers', () => {
  it.each([
    ['13012345678', '8613012345678'],
    ['8613012345678', '8613012345678'],
    ['+8613012345678', '8613012345678'],
  ])('withCountryCode(%s) = %s', (input, expected) => {
    expect(withCountryCode(input)).toBe(expected);
  });

  it.each([
    ['8613012345678', '13012345678'],
    ['13012345678', '13012345678'],
    ['106551234', '106551234'],
  ])('withoutCountryCode(%s) = %s', (input, expected) => {
    expect(withoutCountryCode(input)).toBe(expected);
  });

  it.each([
    ['2025-01-01T04:00:00Z', '250101120000032+'],
    ['2024-12-31T16:00:00Z', '250101000000032+'],
    ['2030-06-09T01:02:03+08:00', '300609010203032+'],
  ])('formatSgipTime(%s) = %s (Beijing time, "032+")', (iso, expected) => {
    expect(formatSgipTime(new Date(iso))).toBe(expected);
  });
});
