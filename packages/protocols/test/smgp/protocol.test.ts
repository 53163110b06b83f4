import { describe, expect, it } from 'vitest';
import { DecodeError, type RejectReason } from '@smshub/protocols';
import { encodeSmgp, smgpProtocol, type SmgpPdu, SmgpSequencer } from '@smshub/protocols/smgp';

const protocol = smgpProtocol(0x30);
const MSG_ID = Buffer.from('01006101161700012345', 'hex');
const submit: SmgpPdu = {
  command: 'submit',
  sequence: 41,
  msgType: 6,
  needReport: 1,
  priority: 0,
  serviceId: 'TEST',
  feeType: '00',
  feeCode: '000000',
  fixedFee: '000000',
  msgFormat: 8,
  validTime: '',
  atTime: '',
  srcTermId: '10690001',
  chargeTermId: '',
  destTermIds: ['13800138000'],
  msgContent: Buffer.from('4e2d', 'hex'),
  reserve: '',
  tlvs: [],
};

describe('smgpProtocol', () => {
  it('describes SMGP framing', () => {
    expect(protocol).toMatchObject({ name: 'smgp', version: 0x30, headerLength: 12, maxPduLength: 4096 });
    expect(smgpProtocol(0x20).version).toBe(0x20);
  });

  it('peeks command id and sequence from a frame whose body is broken', () => {
    expect(protocol.peek(Buffer.from('0000000d000000020000002aff', 'hex'))).toEqual({ commandId: 2, sequence: 42 });
    expect(protocol.peek(Buffer.from('00000008', 'hex'))).toBeNull();
  });

  it('numbers requests 1, 2, 3 … per session and wraps after 0xFFFFFFFF', () => {
    const sequencer = protocol.sequencer();
    const a: SmgpPdu = { command: 'active_test', sequence: 0 };
    expect(sequencer.assign(a)).toBe(1);
    expect(a.sequence).toBe(1);
    expect(sequencer.assign({ command: 'exit', sequence: 0 })).toBe(2);
    expect(protocol.sequencer().assign({ command: 'exit', sequence: 0 })).toBe(1);
    const wrapping = new SmgpSequencer(0xfffffffe);
    expect(wrapping.assign(a)).toBe(0xffffffff);
    expect(wrapping.assign(a)).toBe(1);
  });

  it('tells responses from requests and keys them by sequence', () => {
    expect(protocol.isResponse({ command: 'submit_resp', sequence: 1, msgId: MSG_ID, status: 0 })).toBe(true);
    expect(protocol.isResponse(submit)).toBe(false);
    expect(protocol.sequenceKey(submit)).toBe(41);
  });

  it('keeps alive with Active_Test and closes with Exit', () => {
    const keepAlive = protocol.keepAlive!;
    expect(keepAlive.request()).toEqual({ command: 'active_test', sequence: 0 });
    expect(keepAlive.reply({ command: 'active_test', sequence: 7 })).toEqual({
      command: 'active_test_resp',
      sequence: 7,
    });
    expect(keepAlive.isResponse({ command: 'active_test_resp', sequence: 7 })).toBe(true);
    expect(protocol.unbind.request()).toEqual({ command: 'exit', sequence: 0 });
    expect(protocol.unbind.isRequest({ command: 'exit', sequence: 3 })).toBe(true);
    expect(encodeSmgp(protocol.unbind.reply({ command: 'exit', sequence: 3 })).toString('hex')).toBe(
      '0000000c8000000600000003',
    );
  });

  it.each([
    ['throttled', 1],
    ['queue-full', 1],
    ['system-error', 1],
    ['unsupported', 11],
    ['not-bound', 21],
    ['already-bound', 2],
    ['invalid-destination', 47],
    ['invalid-source', 46],
    ['invalid-message', 36],
  ] as const)('reject(submit, %s) answers Submit_Resp status %i', (reason: RejectReason, status) => {
    expect(protocol.reject(submit, reason)).toEqual({
      command: 'submit_resp',
      sequence: 41,
      msgId: Buffer.alloc(10),
      status,
    });
  });

  it('reject answers Deliver with Deliver_Resp and Login with Login_Resp; Active_Test has no status to refuse with', () => {
    expect(
      protocol.reject(
        {
          command: 'deliver',
          sequence: 5,
          msgId: MSG_ID,
          isReport: 0,
          msgFormat: 0,
          recvTime: '',
          srcTermId: '',
          destTermId: '',
          msgContent: Buffer.alloc(0),
          reserve: '',
          tlvs: [],
        },
        'throttled',
      ),
    ).toMatchObject({ command: 'deliver_resp', sequence: 5, status: 1 });
    expect(protocol.reject({ command: 'active_test', sequence: 5 }, 'throttled')).toBeNull();
  });

  it('rejectFrame: a broken Submit gets Submit_Resp status 10, a broken response is dropped', () => {
    const error = new DecodeError('smgp', 'truncated', 20, 2);
    expect(protocol.rejectFrame({ commandId: 2, sequence: 42 }, error)).toEqual({
      command: 'submit_resp',
      sequence: 42,
      msgId: Buffer.alloc(10),
      status: 10,
    });
    expect(protocol.rejectFrame({ commandId: 1, sequence: 1 }, error)).toMatchObject({
      command: 'login_resp',
      status: 10,
      serverVersion: 0x30,
    });
    expect(protocol.rejectFrame({ commandId: 4, sequence: 3 }, error)).toEqual({
      command: 'active_test_resp',
      sequence: 3,
    });
    expect(protocol.rejectFrame({ commandId: 0x80000002, sequence: 42 }, error)).toBeNull();
    expect(protocol.rejectFrame({ commandId: 0x55, sequence: 42 }, error)).toBeNull();
  });
});
