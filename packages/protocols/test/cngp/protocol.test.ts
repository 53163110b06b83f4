import { describe, expect, it } from 'vitest';
import { DecodeError } from '@smshub/protocols';
import { cngpProtocol, encodeCngp, parseCngpMsgId, type CngpPdu } from '@smshub/protocols/cngp';

const protocol = cngpProtocol();

describe('cngpProtocol', () => {
  it('describes CNGP framing', () => {
    expect(protocol).toMatchObject({ name: 'cngp', version: 0x20, headerLength: 16, maxPduLength: 4096 });
  });
  it('peeks the sequence at offset 12, after Command_Status', () => {
    expect(protocol.peek(Buffer.from('00000011 00000002 00000000 0000002a ff'.replace(/ /g, ''), 'hex'))).toEqual({
      commandId: 2,
      sequence: 42,
    });
    expect(protocol.peek(Buffer.alloc(12))).toBeNull();
  });
  it('keep-alive and exit replies carry status 0 in the header', () => {
    expect(encodeCngp(protocol.keepAlive!.reply({ command: 'active_test', sequence: 7 })).toString('hex')).toBe(
      '00000010800000040000000000000007',
    );
    expect(encodeCngp(protocol.unbind.reply({ command: 'exit', sequence: 8 })).toString('hex')).toBe(
      '00000010800000060000000000000008',
    );
  });
  it('reject(submit, throttled) is Submit_Resp with Command_Status 1 and Congestion_State', () => {
    const submit = { command: 'submit', sequence: 5 } as CngpPdu;
    expect(encodeCngp(protocol.reject(submit, 'throttled')!).toString('hex')).toBe(
      '0000001f800000020000000100000005' + '00'.repeat(10) + '0428000100',
    );
  });
  it('reject can refuse even an Active_Test through its header status', () => {
    expect(protocol.reject({ command: 'active_test', sequence: 2 }, 'not-bound')).toEqual({
      command: 'active_test_resp',
      sequence: 2,
      status: 21,
    });
  });
  it('rejectFrame answers a broken Deliver with status 10 and drops broken responses', () => {
    const error = new DecodeError('cngp', 'truncated', 20, 3);
    expect(protocol.rejectFrame({ commandId: 3, sequence: 9 }, error)).toMatchObject({
      command: 'deliver_resp',
      sequence: 9,
      status: 10,
    });
    expect(protocol.rejectFrame({ commandId: 0x80000003, sequence: 9 }, error)).toBeNull();
  });
  it('numbers requests per session', () => {
    const sequencer = protocol.sequencer();
    expect([1, 2, 3].map(() => sequencer.assign({ command: 'exit', sequence: 0 }))).toEqual([1, 2, 3]);
  });
});

describe('CNGP MsgID (RongDi cngp_packet.h: 3-byte gateway id + 7-byte BCD sequence)', () => {
  it('splits gateway and sequence', () => {
    expect(parseCngpMsgId(Buffer.from('01006101161700012345', 'hex'))).toEqual({
      gateway: '010061',
      sequence: '01161700012345',
    });
    expect(parseCngpMsgId(Buffer.from('ABCDEF01161700012345', 'hex'))).toEqual({
      gateway: 'abcdef',
      sequence: '01161700012345',
    });
  });
  it('refuses a non-BCD sequence or a wrong length', () => {
    expect(parseCngpMsgId(Buffer.from('0100610116170001234f', 'hex'))).toBeNull();
    expect(parseCngpMsgId(Buffer.alloc(8))).toBeNull();
  });
});
