import { describe, expect, it } from 'vitest';
import { DecodeError, type RejectReason } from '@smshub/protocols';
import {
  SGIP_MAX_UNANSWERED,
  SgipResult,
  sgipProtocol,
  sgipSessionDefaults,
  type SgipPdu,
} from '@smshub/protocols/sgip';
import { SEQ, sgipSubmit } from './fixtures.js';
import { hex, zeros } from '../hex.js';

const protocol = sgipProtocol({ nodeId: 3010012345 });

const submit = sgipSubmit();

describe('sgipProtocol', () => {
  it('describes SGIP 1.2 for the engine (reference §2.1, §7)', () => {
    expect(protocol.name).toBe('sgip');
    expect(protocol.version).toBe(0x12);
    expect(protocol.headerLength).toBe(20);
    expect(protocol.maxPduLength).toBe(2048);
    // SGIP 1.2 has no heartbeat PDU
    expect(protocol.keepAlive).toBeUndefined();
  });

  it('tells responses from requests', () => {
    expect(protocol.isResponse({ command: 'submit_resp', sequence: SEQ, result: 0 })).toBe(true);
    expect(protocol.isResponse({ command: 'unbind_resp', sequence: SEQ })).toBe(true);
    expect(protocol.isResponse(submit)).toBe(false);
    expect(protocol.isResponse({ command: 'unbind', sequence: SEQ })).toBe(false);
  });

  it('peeks command id and sequence key from a frame whose body is unreadable', () => {
    const frame = hex('00000015 00000003 b36924b9 42c4f1d9 00000001 ff');
    expect(protocol.peek(frame)).toEqual({ commandId: 3, sequence: '3010012345:1120203225:1' });
    expect(protocol.peek(hex('00000014 00000003'))).toBeNull();
  });

  it('unbind: request, recognition and the reply echoing the sequence', () => {
    const request = protocol.unbind.request();
    expect(request.command).toBe('unbind');
    expect(protocol.unbind.isRequest(request)).toBe(true);
    const sequenced: SgipPdu = { command: 'unbind', sequence: SEQ };
    const reply = protocol.unbind.reply(sequenced);
    expect(reply).toEqual({ command: 'unbind_resp', sequence: SEQ });
    expect(protocol.unbind.isResponse(reply)).toBe(true);
  });
});

describe('sgip session defaults (spec §3.1 connection rules)', () => {
  it('keeps the window within 32 unanswered, answers in 30 s, sends no probe, unbinds before the 60 s idle cut', () => {
    expect(SGIP_MAX_UNANSWERED).toBe(32);
    expect(sgipSessionDefaults.window).toBeLessThanOrEqual(32);
    expect(sgipSessionDefaults.responseTimeoutMs).toBe(30_000);
    expect(sgipSessionDefaults.keepAliveIntervalMs).toBe(0);
    expect(sgipSessionDefaults.idleTimeoutMs).toBeGreaterThan(0);
    expect(sgipSessionDefaults.idleTimeoutMs).toBeLessThan(60_000);
  });
});

describe('sgip reject() maps every RejectReason to a Result (reference §2.8)', () => {
  const table: [RejectReason, number][] = [
    ['unsupported', 30],
    ['not-bound', 1],
    ['already-bound', 2],
    // 33: 超过流量限制 in Unicom's revised table (SMSC queue full in 1.2's): "send slower"
    ['throttled', 33],
    ['queue-full', 11],
    ['invalid-destination', 6],
    ['invalid-source', 5],
    ['invalid-message', 5],
    ['system-error', 32],
  ];

  it.each(table)('%s → Result %d on the request’s own response', (reason, result) => {
    expect(protocol.reject(submit, reason)).toEqual({ command: 'submit_resp', sequence: SEQ, result });
  });

  it('answers each request type with its own response', () => {
    const deliver: SgipPdu = {
      command: 'deliver',
      sequence: SEQ,
      userNumber: '8613012345678',
      spNumber: '10655',
      tpPid: 0,
      tpUdhi: 0,
      messageCoding: 0,
      messageContent: Buffer.alloc(0),
    };
    expect(protocol.reject(deliver, 'queue-full')).toEqual({
      command: 'deliver_resp',
      sequence: SEQ,
      result: SgipResult.NODE_BUSY,
    });
    expect(
      protocol.reject(
        { command: 'bind', sequence: SEQ, loginType: 1, loginName: '', loginPassword: '' },
        'already-bound',
      ),
    ).toEqual({ command: 'bind_resp', sequence: SEQ, result: 2 });
    expect(
      protocol.reject(
        { command: 'userrpt', sequence: SEQ, spNumber: '', userNumber: '', userCondition: 0 },
        'unsupported',
      ),
    ).toEqual({ command: 'userrpt_resp', sequence: SEQ, result: 30 });
  });

  it('never answers a response, nor a TRACE (its reply has no status)', () => {
    expect(protocol.reject({ command: 'submit_resp', sequence: SEQ, result: 0 }, 'system-error')).toBeNull();
    expect(
      protocol.reject({ command: 'trace', sequence: SEQ, submitSequence: SEQ, userNumber: '' }, 'unsupported'),
    ).toBeNull();
  });
});

describe('sgip rejectFrame()', () => {
  const error = new DecodeError('sgip', 'test');

  it('answers a malformed SUBMIT with SUBMIT_RESP Result 5 and its sequence', () => {
    expect(protocol.rejectFrame({ commandId: 3, sequence: '3010012345:1120203225:1' }, error)).toEqual({
      command: 'submit_resp',
      sequence: SEQ,
      result: 5,
    });
  });

  it('answers the other requests with a Result body likewise', () => {
    for (const [commandId, command] of [
      [1, 'bind_resp'],
      [4, 'deliver_resp'],
      [5, 'report_resp'],
      [0x11, 'userrpt_resp'],
    ] as const) {
      expect(protocol.rejectFrame({ commandId, sequence: '1:2:3' }, error)).toMatchObject({ command, result: 5 });
    }
  });

  it('drops responses, unknown and administrative commands', () => {
    expect(protocol.rejectFrame({ commandId: 0x80000003, sequence: '1:2:3' }, error)).toBeNull();
    expect(protocol.rejectFrame({ commandId: 0x99, sequence: '1:2:3' }, error)).toBeNull();
    expect(protocol.rejectFrame({ commandId: 6, sequence: '1:2:3' }, error)).toBeNull();
  });

  it('works from what peek() reads off a real malformed frame', () => {
    // SUBMIT whose body stops after SPNumber
    const frame = hex('00000029 00000003 b36924b9 42c4f1d9 00000001', '3130363535', zeros(16));
    expect(() => protocol.decode(frame)).toThrow(DecodeError);
    const header = protocol.peek(frame);
    expect(header).not.toBeNull();
    const reply = protocol.rejectFrame(header!, error);
    expect(protocol.encode(reply!).toString('hex')).toBe(
      hex('0000001d 80000003 b36924b9 42c4f1d9 00000001', '05', zeros(8)).toString('hex'),
    );
  });
});
