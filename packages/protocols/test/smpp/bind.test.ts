import { describe, expect, it } from 'vitest';
import { BindError, EncodeError, type BindableSession, type BindRefusal } from '../../src/index.js';
import {
  CommandStatus,
  decodeSmpp,
  encodeSmpp,
  type SmppPdu,
  smppBindAcceptor,
  smppBinder,
  type SmppVersion,
} from '../../src/smpp/index.js';
import { hex } from '../hex.js';

/** A session whose peer answers with `answer(request)`; keeps what was sent. */
function fakeSession(answer: (request: SmppPdu) => SmppPdu): BindableSession<SmppPdu> & { sent: SmppPdu[] } {
  const sent: SmppPdu[] = [];
  return {
    id: 'smpp test#1',
    sent,
    request(pdu) {
      pdu.sequence = 1;
      sent.push(pdu);
      return Promise.resolve(answer(pdu));
    },
  };
}

const credentials = { systemId: 'esme', password: 'pw', systemType: 'VMA', mode: 'transceiver' as const };

describe('smppBinder', () => {
  it('sends bind_transceiver with our interface_version (bytes as in 3.4 §4.1.5)', async () => {
    const session = fakeSession((req) => ({
      command: 'bind_transceiver_resp',
      sequence: req.sequence,
      commandStatus: 0,
      systemId: 'SMSC',
      tlvs: { scInterfaceVersion: 0x34 },
    }));
    const result = await smppBinder(0x34).bind(session, credentials);
    expect(result).toEqual({ version: 0x34, peer: 'SMSC' });
    expect(encodeSmpp(session.sent[0]!).toString('hex')).toBe(
      hex('00000020 00000009 00000000 00000001', '65736d6500 707700 564d4100 34 00 00 00').toString('hex'),
    );
  });

  it('takes a bind response without sc_interface_version as an SMSC speaking 3.3 (3.4 §5.3.2.25)', async () => {
    const session = fakeSession((req) => ({
      command: 'bind_transceiver_resp',
      sequence: req.sequence,
      commandStatus: 0,
      systemId: 'SMSC',
      tlvs: undefined,
    }));
    expect(await smppBinder(0x50).bind(session, credentials)).toEqual({ version: 0x33, peer: 'SMSC' });
  });

  it('agrees on the lower of the two versions', async () => {
    const session = fakeSession((req) => ({
      command: 'bind_transceiver_resp',
      sequence: req.sequence,
      commandStatus: 0,
      systemId: 'SMSC',
      tlvs: { scInterfaceVersion: 0x50 },
    }));
    expect((await smppBinder(0x34).bind(session, credentials)).version).toBe(0x34);
  });

  const refusals: [string, (req: SmppPdu) => SmppPdu, number, string][] = [
    [
      'a refused bind',
      (req) => ({
        command: 'bind_transceiver_resp',
        sequence: req.sequence,
        commandStatus: 0x0e,
        systemId: '',
        tlvs: undefined,
      }),
      0x0e,
      'ESME_RINVPASWD',
    ],
    [
      'generic_nack',
      (req) => ({ command: 'generic_nack', sequence: req.sequence, commandStatus: 3 }),
      3,
      'generic_nack',
    ],
    [
      'the wrong response',
      (req) => ({
        command: 'bind_receiver_resp',
        sequence: req.sequence,
        commandStatus: 0,
        systemId: 'x',
        tlvs: undefined,
      }),
      0,
      'answered with bind_receiver_resp',
    ],
  ];
  for (const [name, answer, status, text] of refusals) {
    it(`throws BindError on ${name}`, async () => {
      const error = await smppBinder()
        .bind(fakeSession(answer), credentials)
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(BindError);
      expect((error as BindError).status).toBe(status);
      expect((error as BindError).message).toContain(text);
      expect((error as BindError).message).toContain('smpp test#1');
    });
  }

  it('sends interface_version 0x33 as a 3.3 ESME and refuses transceiver there', async () => {
    const session = fakeSession((req) => ({
      command: 'bind_transmitter_resp',
      sequence: req.sequence,
      commandStatus: 0,
      systemId: 'SMSC',
      tlvs: undefined,
    }));
    expect(await smppBinder(0x33).bind(session, { ...credentials, mode: 'transmitter' })).toEqual({
      version: 0x33,
      peer: 'SMSC',
    });
    expect(session.sent[0]).toMatchObject({ command: 'bind_transmitter', interfaceVersion: 0x33 });
    await expect(smppBinder(0x33).bind(session, credentials)).rejects.toThrow(EncodeError);
  });
});

describe('smppBindAcceptor', () => {
  const acceptor = smppBindAcceptor({ systemId: 'SMSHUB', version: 0x34 });
  const now = new Date();
  const bind = (password: string, interfaceVersion: number): SmppPdu => ({
    command: 'bind_transceiver',
    sequence: 9,
    commandStatus: 0,
    systemId: 'esme',
    password,
    systemType: '',
    interfaceVersion,
    addrTon: 0,
    addrNpi: 0,
    addressRange: '',
    tlvs: undefined,
  });
  const account = { account: 'esme', secret: 'pw' };

  it('describes the bind', () => {
    expect(acceptor.isBindRequest(bind('pw', 0x34))).toBe(true);
    expect(acceptor.isBindRequest({ command: 'enquire_link', sequence: 1, commandStatus: 0 })).toBe(false);
    expect(acceptor.describe(bind('pw', 0x34))).toEqual({ account: 'esme', mode: 'transceiver', version: 0x34 });
  });

  it('verifies the plain password', () => {
    expect(acceptor.verify(bind('pw', 0x34), null, now)).toEqual({
      ok: false,
      status: CommandStatus.ESME_RINVSYSID,
      reason: 'unknown-account',
    });
    expect(acceptor.verify(bind('px', 0x34), account, now)).toEqual({
      ok: false,
      status: CommandStatus.ESME_RINVPASWD,
      reason: 'auth-failed',
    });
    expect(acceptor.verify(bind('pww', 0x34), account, now)).toMatchObject({
      ok: false,
      status: CommandStatus.ESME_RINVPASWD,
    });
    expect(acceptor.verify(bind('pw', 0x50), account, now)).toEqual({ ok: true, status: 0, version: 0x34 });
    expect(acceptor.verify(bind('pw', 0x00), account, now)).toEqual({ ok: true, status: 0, version: 0x33 });
  });

  const refusals: [BindRefusal, number][] = [
    ['unknown-account', CommandStatus.ESME_RINVSYSID],
    ['auth-failed', CommandStatus.ESME_RINVPASWD],
    ['already-bound', CommandStatus.ESME_RALYBND],
    ['too-many-binds', CommandStatus.ESME_RBINDFAIL],
    ['bad-mode', CommandStatus.ESME_RBINDFAIL],
    ['bad-version', CommandStatus.ESME_RBINDFAIL],
    ['bad-timestamp', CommandStatus.ESME_RBINDFAIL],
    ['system-error', CommandStatus.ESME_RSYSERR],
  ];
  for (const [reason, status] of refusals) {
    it(`refuses ${reason} with status 0x${status.toString(16)}`, () => {
      expect(acceptor.refuse(reason)).toEqual({ ok: false, status, reason });
    });
  }

  it('replies with system_id and sc_interface_version to a 3.4 ESME', () => {
    const reply = acceptor.reply(bind('pw', 0x34), { ok: true, status: 0, version: 0x34 }, account);
    // 3.4 §4.1.6: "SMSHUB" 534d53485542 00, then TLV 0210 0001 34
    expect(encodeSmpp(reply).toString('hex')).toBe(
      hex('0000001c 80000009 00000000 00000009', '534d5348554200', '0210 0001 34').toString('hex'),
    );
  });

  it('leaves sc_interface_version out for a 3.3 ESME', () => {
    const reply = acceptor.reply(bind('pw', 0x33), { ok: true, status: 0, version: 0x33 }, account);
    expect(reply).toEqual({
      command: 'bind_transceiver_resp',
      sequence: 9,
      commandStatus: 0,
      systemId: 'SMSHUB',
      tlvs: undefined,
    });
  });

  it('answers a refusal with the bare header (3.4 §4.1.6)', () => {
    const reply = acceptor.reply(bind('px', 0x34), acceptor.refuse('auth-failed'), account);
    expect(encodeSmpp(reply).toString('hex')).toBe('00000010800000090000000e00000009');
    expect(decodeSmpp(encodeSmpp(reply))).toEqual(reply);
  });

  for (const version of [0x33, 0x50] as SmppVersion[]) {
    it(`a ${version.toString(16)} gateway tells its own version`, () => {
      const gateway = smppBindAcceptor({ systemId: 'G', version });
      const reply = gateway.reply(bind('pw', 0x50), { ok: true, status: 0 }, account);
      expect(reply).toMatchObject({ tlvs: version === 0x33 ? undefined : { scInterfaceVersion: 0x50 } });
    });
  }
});
