import { describe, expect, it } from 'vitest';
import { DecodeError, type RejectReason } from '../../src/index.js';
import { CommandStatus, type SmppPdu, smppProtocol, SmppSequencer, type SubmitSm } from '../../src/smpp/index.js';
import { hex } from '../hex.js';

const protocol = smppProtocol(0x34);

const submit: SubmitSm = {
  command: 'submit_sm',
  sequence: 41,
  commandStatus: 0,
  serviceType: '',
  sourceAddrTon: 0,
  sourceAddrNpi: 0,
  sourceAddr: '1',
  destAddrTon: 0,
  destAddrNpi: 0,
  destinationAddr: '2',
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
};

describe('smppProtocol', () => {
  it('describes itself', () => {
    expect(protocol).toMatchObject({ name: 'smpp', version: 0x34, headerLength: 16 });
    expect(protocol.maxPduLength).toBeGreaterThan(16 + 0xffff);
  });

  it('numbers requests 1 … 0x7FFFFFFF and then 1 again (3.4 §5.1.4)', () => {
    const sequencer = protocol.sequencer();
    const pdu: SmppPdu = { command: 'enquire_link', sequence: 0, commandStatus: 0 };
    expect(sequencer.assign(pdu)).toBe(1);
    expect(pdu.sequence).toBe(1);
    const wrapping = new SmppSequencer(0x7ffffffe);
    expect(wrapping.assign(pdu)).toBe(0x7fffffff);
    expect(wrapping.assign(pdu)).toBe(1);
  });

  it('tells responses by the command id top bit and keys them by sequence', () => {
    expect(protocol.isResponse(submit)).toBe(false);
    expect(protocol.isResponse({ command: 'generic_nack', sequence: 1, commandStatus: 3 })).toBe(true);
    expect(protocol.isResponse({ command: 'submit_sm_resp', sequence: 1, commandStatus: 0, messageId: '' })).toBe(true);
    expect(protocol.sequenceKey(submit)).toBe(41);
  });

  it('keeps alive with enquire_link and closes with unbind', () => {
    const probe = protocol.keepAlive!.request();
    expect(probe).toEqual({ command: 'enquire_link', sequence: 0, commandStatus: 0 });
    expect(protocol.keepAlive!.isRequest(probe)).toBe(true);
    expect(protocol.keepAlive!.reply({ ...probe, sequence: 7 })).toEqual({
      command: 'enquire_link_resp',
      sequence: 7,
      commandStatus: 0,
    });
    expect(protocol.keepAlive!.isResponse({ command: 'enquire_link_resp', sequence: 7, commandStatus: 0 })).toBe(true);
    expect(protocol.unbind.request()).toEqual({ command: 'unbind', sequence: 0, commandStatus: 0 });
    expect(protocol.unbind.reply({ command: 'unbind', sequence: 3, commandStatus: 0 })).toEqual({
      command: 'unbind_resp',
      sequence: 3,
      commandStatus: 0,
    });
  });

  it('peeks command id and sequence, or nothing from a short frame', () => {
    expect(protocol.peek(hex('00000014 00000004 00000000 0000002a 00000000'))).toEqual({ commandId: 4, sequence: 42 });
    expect(protocol.peek(hex('00000014 00000004'))).toBeNull();
  });

  function rejected(frame: Buffer): SmppPdu | null {
    try {
      protocol.decode(frame);
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
      return protocol.rejectFrame(protocol.peek(frame)!, error);
    }
    throw new Error('frame decoded');
  }

  it('nacks an unknown command with ESME_RINVCMDID and a broken body with ESME_RINVCMDLEN (3.4 §2.11)', () => {
    expect(rejected(hex('00000010 00000111 00000000 00000005'))).toEqual({
      command: 'generic_nack',
      sequence: 5,
      commandStatus: CommandStatus.ESME_RINVCMDID,
    });
    expect(rejected(hex('00000011 00000015 00000000 00000006 00'))).toEqual({
      command: 'generic_nack',
      sequence: 6,
      commandStatus: CommandStatus.ESME_RINVCMDLEN,
    });
    expect(rejected(hex('00000011 80000000 00000000 00000006 00'))).toBeNull();
  });

  const reasons: [RejectReason, number][] = [
    ['not-bound', CommandStatus.ESME_RINVBNDSTS],
    ['already-bound', CommandStatus.ESME_RALYBND],
    ['throttled', CommandStatus.ESME_RTHROTTLED],
    ['queue-full', CommandStatus.ESME_RMSGQFUL],
    ['invalid-destination', CommandStatus.ESME_RINVDSTADR],
    ['invalid-source', CommandStatus.ESME_RINVSRCADR],
    ['invalid-message', CommandStatus.ESME_RINVMSGLEN],
    ['system-error', CommandStatus.ESME_RSYSERR],
  ];
  for (const [reason, status] of reasons) {
    it(`rejects a submit_sm for ${reason} with submit_sm_resp 0x${status.toString(16)} and no body`, () => {
      const reply = protocol.reject(submit, reason);
      expect(reply).toEqual({
        command: 'submit_sm_resp',
        sequence: 41,
        commandStatus: status,
        messageId: '',
        tlvs: undefined,
      });
      expect(protocol.encode(reply!).length).toBe(16);
    });
  }

  it('answers an unsupported command with generic_nack ESME_RINVCMDID', () => {
    expect(
      protocol.reject(
        {
          command: 'query_sm',
          sequence: 2,
          commandStatus: 0,
          messageId: 'x',
          sourceAddrTon: 0,
          sourceAddrNpi: 0,
          sourceAddr: '',
        },
        'unsupported',
      ),
    ).toEqual({
      command: 'generic_nack',
      sequence: 2,
      commandStatus: CommandStatus.ESME_RINVCMDID,
    });
  });

  it('does not answer responses or PDUs without a response', () => {
    expect(
      protocol.reject({ command: 'submit_sm_resp', sequence: 1, commandStatus: 0, messageId: '' }, 'system-error'),
    ).toBeNull();
    expect(
      protocol.reject(
        { command: 'outbind', sequence: 1, commandStatus: 0, systemId: '', password: '' },
        'system-error',
      ),
    ).toBeNull();
  });

  it('rejects with the response of each request type', () => {
    expect(protocol.reject({ command: 'enquire_link', sequence: 8, commandStatus: 0 }, 'system-error')).toEqual({
      command: 'enquire_link_resp',
      sequence: 8,
      commandStatus: 8,
    });
    expect(protocol.reject({ ...submit, command: 'deliver_sm' }, 'system-error')).toMatchObject({
      command: 'deliver_sm_resp',
      commandStatus: 8,
    });
  });
});
