import { describe, expect, it } from 'vitest';
import { BindError, type BindableSession, type BindRefusal } from '@smshub/protocols';
import { LoginType, sgipBindAcceptor, sgipBinder, type SgipPdu } from '@smshub/protocols/sgip';

const SEQ = { node: 101001, time: 1120203225, seq: 1 };

/** A session stub that records the request and answers with `reply(request)`. */
function fakeSession(reply: (request: SgipPdu) => SgipPdu): BindableSession<SgipPdu> & { sent: SgipPdu[] } {
  const sent: SgipPdu[] = [];
  return {
    id: 'sgip test#1',
    sent,
    request: (pdu) => {
      sent.push(pdu);
      return Promise.resolve(reply(pdu));
    },
  };
}

describe('sgipBinder (client side of BIND, reference §2.3)', () => {
  it('sends LoginType, name and password and resolves on Result 0', async () => {
    const session = fakeSession((request) => ({ command: 'bind_resp', sequence: request.sequence, result: 0 }));
    await expect(sgipBinder().bind(session, { loginName: 'sp001', password: 'secret', loginType: 1 })).resolves.toEqual(
      {},
    );
    expect(session.sent[0]).toMatchObject({
      command: 'bind',
      loginType: 1,
      loginName: 'sp001',
      loginPassword: 'secret',
    });
  });

  it('binds the SMG→SP callback connection with LoginType 2', async () => {
    const session = fakeSession((request) => ({ command: 'bind_resp', sequence: request.sequence, result: 0 }));
    await sgipBinder().bind(session, { loginName: 'smg', password: 'pw', loginType: LoginType.SMG_TO_SP });
    expect(session.sent[0]).toMatchObject({ loginType: 2 });
  });

  it.each([
    [1, 'illegal login'],
    [3, 'too many connections'],
    [4, 'bad login type'],
  ])('throws BindError with Result %d (%s)', async (result, reason) => {
    const session = fakeSession((request) => ({ command: 'bind_resp', sequence: request.sequence, result }));
    const failure = sgipBinder().bind(session, { loginName: 'sp001', password: 'bad', loginType: 1 });
    await expect(failure).rejects.toBeInstanceOf(BindError);
    await expect(failure).rejects.toMatchObject({ status: result });
    await expect(failure).rejects.toThrow(`sgip test#1: bind failed: login "sp001" (type 1) refused: ${reason}`);
  });

  it('throws BindError when the peer answers with something else', async () => {
    const session = fakeSession((request) => ({ command: 'unbind_resp', sequence: request.sequence }));
    await expect(sgipBinder().bind(session, { loginName: 'a', password: 'b', loginType: 1 })).rejects.toThrow(
      'answered BIND with unbind_resp',
    );
  });
});

describe('sgipBindAcceptor (server side of BIND)', () => {
  const smg = sgipBindAcceptor({ loginTypes: [LoginType.SP_TO_SMG] });
  const bind = (loginType: number, password: string): SgipPdu => ({
    command: 'bind',
    sequence: SEQ,
    loginType,
    loginName: 'sp001',
    loginPassword: password,
  });
  const account = { account: 'sp001', secret: 'secret' };
  const now = new Date();

  it('describes the login: account name, and the mode by LoginType', () => {
    expect(smg.isBindRequest(bind(1, 'x'))).toBe(true);
    expect(smg.isBindRequest({ command: 'unbind', sequence: SEQ })).toBe(false);
    expect(smg.describe(bind(1, 'x'))).toEqual({ account: 'sp001', mode: 'transmitter' });
    expect(smg.describe(bind(2, 'x'))).toEqual({ account: 'sp001', mode: 'receiver' });
    expect(smg.describe(bind(3, 'x'))).toEqual({ account: 'sp001', mode: 'transceiver' });
  });

  it('accepts the right password', () => {
    expect(smg.verify(bind(1, 'secret'), account, now)).toEqual({ ok: true, status: 0 });
  });

  it.each([
    ['wrong password', bind(1, 'secreT'), account, 1, 'auth-failed'],
    ['password prefix', bind(1, 'secre'), account, 1, 'auth-failed'],
    ['unknown account', bind(1, 'secret'), null, 1, 'unknown-account'],
    ['login type this side does not take', bind(2, 'secret'), account, 4, 'bad-mode'],
  ] as const)('refuses a %s with Result %d', (_name, request, acc, status, reason) => {
    expect(smg.verify(request, acc, now)).toEqual({ ok: false, status, reason });
  });

  it('an SP callback server takes LoginType 2 only', () => {
    const sp = sgipBindAcceptor({ loginTypes: [LoginType.SMG_TO_SP] });
    expect(sp.verify(bind(2, 'secret'), account, now).ok).toBe(true);
    expect(sp.verify(bind(1, 'secret'), account, now)).toMatchObject({ ok: false, status: 4 });
  });

  it.each([
    ['unknown-account', 1],
    ['auth-failed', 1],
    ['bad-version', 5],
    ['bad-timestamp', 5],
    ['bad-mode', 4],
    ['already-bound', 2],
    ['too-many-binds', 3],
    ['system-error', 32],
  ] as [BindRefusal, number][])('refuse(%s) → Result %d', (reason, status) => {
    expect(smg.refuse(reason)).toEqual({ ok: false, status, reason });
  });

  it('replies with BIND_RESP carrying the verdict and the request sequence', () => {
    expect(smg.reply(bind(1, 'x'), smg.refuse('too-many-binds'), account)).toEqual({
      command: 'bind_resp',
      sequence: SEQ,
      result: 3,
    });
    expect(smg.reply(bind(1, 'secret'), { ok: true, status: 0 }, account)).toEqual({
      command: 'bind_resp',
      sequence: SEQ,
      result: 0,
    });
  });
});
