import { decodeText, encodeText, splitText } from '@smshub/sms';
import type { TextEncoding } from '@smshub/sms';
import { describe, expect, it } from 'vitest';
import {
  classifySubmitResult,
  cmppCarrierDialect,
  cmppGatewayDialect,
  cmppProtocol,
  unpackMsgId,
} from '../../src/cmpp/index.js';
import type { CmppDeliver, CmppPdu, CmppSubmit, CmppVersion } from '../../src/cmpp/index.js';
import type { OutboundSegment } from '../../src/dialect.js';
import { EncodeError } from '../../src/engine/errors.js';
import type { RejectReason } from '../../src/engine/protocol.js';
import { hex, zeros } from '../hex.js';

const now = new Date('2026-11-21T07:30:07Z'); // 15:30:07 Beijing

function channel(version: CmppVersion) {
  return cmppCarrierDialect({
    version,
    spId: '900001',
    serviceId: 'MHE0010',
    srcId: '10690001',
    feeUserType: 2,
    feeType: '02',
    feeCode: '10',
    linkId: version === 0x30 ? 'L1' : undefined,
  });
}

function gateway(version: CmppVersion) {
  return cmppGatewayDialect({ version, gatewayCode: 0x2a, now: () => now });
}

/** Sends a PDU across the wire as bytes, as the session would. */
function wire<P extends CmppPdu>(version: CmppVersion, pdu: P): P {
  return cmppProtocol(version).decode(cmppProtocol(version).encode(pdu)) as P;
}

function segments(text: string, encoding: TextEncoding, reference = 0x5a): OutboundSegment[] {
  return splitText(text, { encoding, reference }).segments.map((s) => ({
    to: '13800138000',
    from: '106900011234',
    encoding,
    payload: s.payload,
    udh: s.udh,
    part: s.part,
    wantReport: true,
    priority: 2,
  }));
}

describe.each([0x20, 0x30] as const)('CMPP 0x%s dialects', (version) => {
  it('a long Chinese UCS2 message goes out as UDH parts with Pk_total / Pk_number and comes back whole', () => {
    const text =
      '尊敬的用户您好，您本月的话费账单已经生成，请登录网上营业厅查询详细信息。如有疑问请拨打客服热线一零零八六，感谢您的支持与配合，祝您生活愉快，工作顺利，万事如意！';
    const parts = segments(text, 'ucs2');
    expect(parts).toHaveLength(2);
    const received = parts.map((segment) => {
      const submit = wire(version, channel(version).submit(segment));
      return { submit, received: gateway(version).received(submit) };
    });
    const first = received[0]?.submit;
    expect(first).toMatchObject({
      pkTotal: 2,
      pkNumber: 1,
      tpUdhi: 1,
      msgFmt: 8,
      registeredDelivery: 1,
      msgLevel: 2,
      srcId: '106900011234',
      msgSrc: '900001',
      serviceId: 'MHE0010',
    });
    // §6: 6-byte UDH 05 00 03 ref total seq at the start of Msg_Content, then 67 UCS2 characters; Msg_Length counts both.
    expect(first?.msgContent.subarray(0, 6)).toEqual(hex('050003 5a 02 01'));
    expect(first?.msgContent.length).toBe(6 + 134);
    expect(received[1]?.submit).toMatchObject({ pkTotal: 2, pkNumber: 2 });
    const back = received
      .map((r) => decodeText(r.received?.content ?? Buffer.alloc(0), r.received?.encoding ?? 'binary'))
      .join('');
    expect(back).toBe(text);
    expect(received[1]?.received?.part).toEqual({ ref: 0x5a, total: 2, seq: 2 });
  });

  it('GBK text goes out as Msg_Fmt 15 and round-trips exactly', () => {
    const [segment] = segments('中文短信', 'gbk');
    expect(segment?.payload).toEqual(hex('d6d0 cec4 b6cc d0c5')); // GB2312 code points of 中文短信
    const submit = wire(version, channel(version).submit(segment as OutboundSegment));
    expect(submit).toMatchObject({ msgFmt: 15, tpUdhi: 0, pkTotal: 1, pkNumber: 1 });
    const received = gateway(version).received(submit);
    expect(received).toMatchObject({
      to: ['13800138000'],
      from: '106900011234',
      encoding: 'gbk',
      udh: null,
      part: null,
      wantReport: true,
    });
    expect(decodeText(received?.content ?? Buffer.alloc(0), 'gbk')).toBe('中文短信');
  });

  it('reports map Stat words to delivery states, keeping the raw word (§1.8)', () => {
    const gw = gateway(version);
    const carrier = channel(version);
    const cases: Array<[Parameters<typeof gw.report>[0]['state'], string | undefined, string, string]> = [
      ['DELIVRD', undefined, 'DELIVRD', 'DELIVRD'],
      ['EXPIRED', undefined, 'EXPIRED', 'EXPIRED'],
      ['DELETED', undefined, 'DELETED', 'DELETED'],
      ['UNDELIV', undefined, 'UNDELIV', 'UNDELIV'],
      ['REJECTD', undefined, 'REJECTD', 'REJECTD'],
      ['UNKNOWN', undefined, 'UNKNOWN', 'UNKNOWN'],
      ['ACCEPTD', undefined, 'ACCEPTD', 'ACCEPTD'],
      ['UNDELIV', 'MA:0054', 'UNDELIV', 'MA:0054'],
      ['UNDELIV', 'MK:0005', 'UNDELIV', 'MK:0005'],
    ];
    for (const [state, error, expectedState, code] of cases) {
      const deliver = wire(
        version,
        gw.report({
          messageId: '12878564852733378560',
          recipient: '13800138000',
          from: '10690001',
          state,
          error,
          submittedAt: now,
          doneAt: new Date(now.getTime() + 60_000),
        }),
      );
      expect(deliver).toMatchObject({ registeredDelivery: 1, destId: '10690001', srcTerminalId: '13800138000' });
      const event = carrier.inbound(deliver);
      expect(event).toEqual({
        kind: 'report',
        report: {
          protocol: 'cmpp',
          carrierMessageId: '12878564852733378560',
          recipient: '13800138000',
          state: expectedState,
          code,
          submittedAt: new Date('2026-11-21T07:30:00Z'),
          doneAt: new Date('2026-11-21T07:31:00Z'),
        },
      });
    }
  });

  it('an unknown Stat word is UNDELIV with the word kept; a garbled time is left out', () => {
    const deliver: CmppDeliver = {
      command: 'deliver',
      sequence: 1,
      msgId: 1n,
      destId: '10690001',
      serviceId: '',
      tpPid: 0,
      tpUdhi: 0,
      msgFmt: 0,
      srcTerminalId: '13800138000',
      registeredDelivery: 1,
      report: {
        msgId: 5n,
        stat: 'XX:ABCD',
        submitTime: '2611211530',
        doneTime: 'garbage',
        destTerminalId: '',
        smscSequence: 1,
      },
    };
    const event = channel(version).inbound(deliver);
    expect(event).toEqual({
      kind: 'report',
      report: {
        protocol: 'cmpp',
        carrierMessageId: '5',
        recipient: '13800138000',
        state: 'UNDELIV',
        code: 'XX:ABCD',
        submittedAt: new Date('2026-11-21T07:30:00Z'),
      },
    });
  });

  it('MO: the gateway sends a long-message part, the client reads it with the UDH removed', () => {
    const content = encodeText('回复TD退订', 'ucs2');
    for (const ref of [0x33, 0x1234]) {
      const deliver = wire(
        version,
        gateway(version).mo({
          protocol: 'cmpp',
          from: '13800138000',
          to: '106900011234',
          encoding: 'ucs2',
          content,
          concat: { ref, total: 3, seq: 2 },
          serviceId: 'MHE0010',
        }),
      );
      expect(deliver).toMatchObject({
        registeredDelivery: 0,
        tpUdhi: 1,
        msgFmt: 8,
        destId: '106900011234',
        srcTerminalId: '13800138000',
        serviceId: 'MHE0010',
      });
      const udh = ref > 0xff ? hex('060804 1234 03 02') : hex('050003 33 03 02');
      expect(deliver.registeredDelivery === 0 ? deliver.msgContent : null).toEqual(Buffer.concat([udh, content]));
      expect(channel(version).inbound(deliver)).toEqual({
        kind: 'mo',
        sms: {
          protocol: 'cmpp',
          from: '13800138000',
          to: '106900011234',
          encoding: 'ucs2',
          content,
          concat: { ref, total: 3, seq: 2 },
          serviceId: 'MHE0010',
        },
      });
    }
  });

  it('MO with TP_udhi set but a broken header is delivered whole as content', () => {
    const deliver = wire(
      version,
      gateway(version).mo({
        protocol: 'cmpp',
        from: '13800138000',
        to: '10690001',
        encoding: 'ascii',
        content: Buffer.from('HELLO'),
      }),
    );
    const broken = { ...deliver, tpUdhi: 1 } as CmppDeliver;
    expect(channel(version).inbound(broken)).toMatchObject({
      kind: 'mo',
      sms: { content: Buffer.from('HELLO'), encoding: 'ascii' },
    });
  });

  it('answers delivers: stored → 0, not stored → 8 (flow control, the gateway resends)', () => {
    const deliver = wire(
      version,
      gateway(version).mo({
        protocol: 'cmpp',
        from: '13800138000',
        to: '10690001',
        encoding: 'ascii',
        content: Buffer.from('1'),
      }),
    );
    deliver.sequence = 77;
    const ok = channel(version).inboundReply(deliver, true);
    const notOk = channel(version).inboundReply(deliver, false);
    expect(ok).toEqual({ command: 'deliver_resp', sequence: 77, msgId: deliver.msgId, result: 0 });
    expect(notOk).toMatchObject({ result: 8 });
    expect(gateway(version).deliverAccepted(wire(version, ok))).toBe(true);
    expect(gateway(version).deliverAccepted(wire(version, notOk))).toBe(false);
  });

  it('a submit to three numbers gets three consecutive ids; the reply carries the first (§1.5)', () => {
    const gw = gateway(version);
    const [segment] = segments('hi', 'ascii');
    const submit: CmppSubmit = {
      ...channel(version).submit(segment as OutboundSegment),
      destTerminalIds: ['13800138000', '13900139000', '13700137000'],
      sequence: 9,
    };
    const ids = gw.messageIds(submit, now);
    expect(ids).toHaveLength(3);
    const [a, b, c] = ids.map(BigInt);
    expect([(b ?? 0n) - (a ?? 0n), (c ?? 0n) - (a ?? 0n)]).toEqual([1n, 2n]);
    expect(unpackMsgId(a ?? 0n)).toMatchObject({ month: 11, day: 21, hour: 15, minute: 30, second: 7, gateway: 0x2a });
    expect(gw.submitReply(submit, { ok: true, messageIds: ids })).toEqual({
      command: 'submit_resp',
      sequence: 9,
      msgId: a,
      result: 0,
    });
    expect(gw.submitReply(submit, { ok: false, reason: 'throttled' })).toEqual({
      command: 'submit_resp',
      sequence: 9,
      msgId: 0n,
      result: 8,
    });
    expect(() => gw.submitReply(submit, { ok: true, messageIds: ['abc'] })).toThrow(EncodeError);
  });

  it('the submit outcome reads SUBMIT_RESP', () => {
    const carrier = channel(version);
    const [segment] = segments('hi', 'ascii');
    const submit = carrier.submit(segment as OutboundSegment);
    expect(
      carrier.submitOutcome(submit, { command: 'submit_resp', sequence: 1, msgId: 0xb2b9da8000010000n, result: 0 }),
    ).toEqual({ ok: true, carrierMessageId: '12878564852733378560' });
    expect(carrier.submitOutcome(submit, { command: 'submit_resp', sequence: 1, msgId: 0n, result: 8 })).toMatchObject({
      ok: false,
      kind: 'throttled',
      status: 8,
    });
  });
});

describe('CMPP carrier submit fields', () => {
  const base: OutboundSegment = {
    to: '13800138000',
    from: '106900011234',
    encoding: 'ascii',
    payload: Buffer.from('code 1234'),
    udh: null,
    part: null,
    wantReport: false,
    priority: 0,
  };

  it('3.0 carries the channel options, priority as Msg_level and validity as SMPP absolute time', () => {
    const dialect = cmppCarrierDialect({
      version: 0x30,
      spId: '900001',
      serviceId: 'MHE0010',
      srcId: '10690001',
      feeUserType: 3,
      feeTerminalId: '13900000000',
      feeType: '03',
      feeCode: '500',
      linkId: 'LINK',
      msgLevels: [1, 3, 5, 9],
    });
    const submit = dialect.submit({ ...base, priority: 3, validUntil: new Date('2026-11-21T10:45:30Z') });
    expect(submit).toEqual({
      command: 'submit',
      sequence: 0,
      msgId: 0n,
      pkTotal: 1,
      pkNumber: 1,
      registeredDelivery: 0,
      msgLevel: 9,
      serviceId: 'MHE0010',
      feeUserType: 3,
      feeTerminalId: '13900000000',
      feeTerminalType: 0,
      tpPid: 0,
      tpUdhi: 0,
      msgFmt: 0,
      msgSrc: '900001',
      feeType: '03',
      feeCode: '500',
      validTime: '261121184530032+',
      atTime: '',
      srcId: '106900011234',
      destTerminalIds: ['13800138000'],
      destTerminalType: 0,
      msgContent: Buffer.from('code 1234'),
      linkId: 'LINK',
    });
  });

  it('2.0 leaves out the 3.0 fields and defaults the fee fields (SP pays, free to the user)', () => {
    const submit = cmppCarrierDialect({ version: 0x20, spId: '900001', serviceId: 'S', srcId: '10690001' }).submit({
      ...base,
      from: '',
    });
    expect(submit).not.toHaveProperty('linkId');
    expect(submit).not.toHaveProperty('feeTerminalType');
    expect(submit).toMatchObject({ srcId: '10690001', feeUserType: 2, feeType: '01', feeCode: '0', msgLevel: 0 });
    // Total 138 + 21 + 9 = 168 bytes (§1.5, 2.0 layout).
    expect(cmppProtocol(0x20).encode(submit).length).toBe(168);
  });

  it('refuses a sender outside the SP number and encodings CMPP has no Msg_Fmt for', () => {
    const dialect = cmppCarrierDialect({ version: 0x30, spId: '900001', serviceId: 'S', srcId: '10690001' });
    expect(() => dialect.submit({ ...base, from: '10650000' })).toThrow(
      /sender 10650000 is not under this channel's SP number 10690001/,
    );
    expect(() => dialect.submit({ ...base, encoding: 'gsm7' })).toThrow(/no Msg_Fmt for gsm7/);
  });
});

describe('CMPP SUBMIT_RESP outcome classification', () => {
  it.each([
    [1, 'permanent'],
    [2, 'permanent'],
    [3, 'transient'],
    [4, 'permanent'],
    [5, 'permanent'],
    [6, 'permanent'],
    [7, 'permanent'],
    [8, 'throttled'],
    [9, 'permanent'],
    [10, 'permanent'],
    [11, 'permanent'],
    [12, 'permanent'],
    [13, 'permanent'],
    [14, 'transient'],
    [100, 'transient'],
    [150, 'transient'],
  ])('result %i is %s', (result, kind) => {
    expect(classifySubmitResult(result, 0n)).toMatchObject({ ok: false, kind, status: result });
  });

  it('names the reason', () => {
    expect(classifySubmitResult(13, 0n)).toEqual({
      ok: false,
      kind: 'permanent',
      status: 13,
      reason: 'bad Dest_terminal_Id',
    });
    expect(classifySubmitResult(150, 0n)).toMatchObject({ reason: 'vendor-defined error 150' });
  });
});

describe('CMPP reject and rejectFrame', () => {
  const protocol = cmppProtocol(0x30);
  const submit: CmppSubmit = {
    ...cmppCarrierDialect({ version: 0x30, spId: '900001', serviceId: 'S', srcId: '1069' }).submit({
      to: '13800138000',
      from: '1069',
      encoding: 'ascii',
      payload: Buffer.from('x'),
      udh: null,
      part: null,
      wantReport: false,
      priority: 0,
    }),
    sequence: 4,
  };

  it.each([
    ['throttled', 8],
    ['queue-full', 8],
    ['invalid-destination', 13],
    ['invalid-source', 10],
    ['invalid-message', 1],
    ['unsupported', 2],
    ['not-bound', 2],
    ['system-error', 100],
  ] as Array<[RejectReason, number]>)('submit refused as %s → result %i', (reason, result) => {
    expect(protocol.reject(submit, reason)).toEqual({ command: 'submit_resp', sequence: 4, msgId: 0n, result });
  });

  it('refuses other commands with their own responses; QUERY has no status to refuse with', () => {
    expect(protocol.reject({ command: 'cancel', sequence: 2, msgId: 1n }, 'unsupported')).toEqual({
      command: 'cancel_resp',
      sequence: 2,
      successId: 1,
    });
    expect(
      protocol.reject(
        { command: 'query', sequence: 2, time: '20261121', queryType: 0, queryCode: '', reserve: '' },
        'unsupported',
      ),
    ).toBeNull();
    expect(protocol.reject({ command: 'submit_resp', sequence: 2, msgId: 0n, result: 0 }, 'unsupported')).toBeNull();
    expect(
      protocol.reject(
        {
          command: 'connect',
          sequence: 3,
          sourceAddr: '1',
          authenticatorSource: Buffer.alloc(16),
          version: 0x30,
          timestamp: 0,
        },
        'already-bound',
      ),
    ).toMatchObject({ status: 5 });
  });

  it('answers an unreadable request body with its response and "bad structure"', () => {
    // A SUBMIT cut short: the header reads, the body does not.
    const frame = hex('00000014 00000004 0000002a', zeros(8));
    const header = protocol.peek(frame);
    expect(header).toEqual({ commandId: 4, sequence: 42 });
    let error: unknown;
    try {
      protocol.decode(frame);
    } catch (e) {
      error = e;
    }
    expect(protocol.rejectFrame(header ?? { commandId: 0, sequence: 0 }, error as never)).toEqual({
      command: 'submit_resp',
      sequence: 42,
      msgId: 0n,
      result: 1,
    });
    expect(protocol.rejectFrame({ commandId: 0x80000004, sequence: 1 }, error as never)).toBeNull();
    expect(protocol.rejectFrame({ commandId: 0x9, sequence: 1 }, error as never)).toBeNull();
    expect(protocol.rejectFrame({ commandId: 0x5, sequence: 1 }, error as never)).toEqual({
      command: 'deliver_resp',
      sequence: 1,
      msgId: 0n,
      result: 1,
    });
  });

  it('sequence numbers count from 1 and wrap past 0xFFFFFFFF to 1', () => {
    const sequencer = protocol.sequencer();
    const pdu: CmppPdu = { command: 'active_test', sequence: 0 };
    expect(sequencer.assign(pdu)).toBe(1);
    expect(pdu.sequence).toBe(1);
    expect(sequencer.assign(pdu)).toBe(2);
    const internal = sequencer as unknown as { last: number };
    internal.last = 0xfffffffe;
    expect(sequencer.assign(pdu)).toBe(0xffffffff);
    expect(sequencer.assign(pdu)).toBe(1);
  });

  it('keep-alive is ACTIVE_TEST with a reserved byte in its response; unbind is TERMINATE', () => {
    const probe = protocol.keepAlive?.request();
    expect(probe).toEqual({ command: 'active_test', sequence: 0 });
    expect(protocol.keepAlive?.reply({ command: 'active_test', sequence: 8 })).toEqual({
      command: 'active_test_resp',
      sequence: 8,
      reserved: 0,
    });
    expect(protocol.unbind.request()).toEqual({ command: 'terminate', sequence: 0 });
    expect(protocol.unbind.reply({ command: 'terminate', sequence: 3 })).toEqual({
      command: 'terminate_resp',
      sequence: 3,
    });
    expect(protocol.isResponse({ command: 'terminate_resp', sequence: 3 })).toBe(true);
    expect(protocol.isResponse({ command: 'terminate', sequence: 3 })).toBe(false);
    expect(protocol.maxPduLength).toBe(12 + 151 + 99 * 32 + 255);
    expect(cmppProtocol(0x20).maxPduLength).toBe(12 + 126 + 99 * 21 + 255);
  });
});
