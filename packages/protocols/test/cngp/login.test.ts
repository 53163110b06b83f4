import { describe, expect, it } from 'vitest';
import { BindError, type BindableSession } from '@smshub/protocols';
import { cngpBindAcceptor, cngpBinder, cngpGatewayDialect, type CngpPdu } from '@smshub/protocols/cngp';
import { hex } from '../hex.js';

/** 11-21 09:30:00 Beijing time = 01:30:00 UTC. */
const NOW = new Date('2026-11-21T01:30:00Z');
/** MD5("cngp012345" ‖ 7×00 ‖ "pass1234" ‖ "1121093000"), computed with openssl (RongDi / Huawei formula). */
const AUTH = hex('fb72b95121117c92ab077a801b7af171');

function session(reply: (request: CngpPdu) => CngpPdu): BindableSession<CngpPdu> & { sent: CngpPdu[] } {
  const sent: CngpPdu[] = [];
  return {
    id: 'cngp 127.0.0.1:9890',
    sent,
    async request(pdu) {
      sent.push(pdu);
      return reply(pdu);
    },
  };
}

describe('CNGP binder', () => {
  const credentials = { clientId: 'cngp012345', secret: 'pass1234', mode: 'receiver' as const };
  it('logs in with the 7-zero-byte MD5 authenticator, version 0x20', async () => {
    const s = session((req) => ({
      command: 'login_resp',
      sequence: req.sequence,
      status: 0,
      authenticatorServer: Buffer.alloc(16),
      version: 0x20,
    }));
    await expect(cngpBinder({ now: () => NOW }).bind(s, credentials)).resolves.toEqual({ version: 0x20 });
    expect(s.sent[0]).toEqual({
      command: 'login',
      sequence: 0,
      clientId: 'cngp012345',
      authenticatorClient: AUTH,
      loginMode: 1,
      timestamp: 1121093000,
      version: 0x20,
    });
  });
  it.each([
    [21, 'authentication failed'],
    [2, 'too many connections'],
    [22, 'version too high'],
  ])('Command_Status %i becomes a BindError (%s)', async (status, reason) => {
    const s = session((req) => ({
      command: 'login_resp',
      sequence: req.sequence,
      status,
      authenticatorServer: Buffer.alloc(16),
      version: 0x20,
    }));
    const bound = cngpBinder({ now: () => NOW }).bind(s, credentials);
    await expect(bound).rejects.toBeInstanceOf(BindError);
    await expect(bound).rejects.toMatchObject({ status });
    await expect(bound).rejects.toThrow(reason);
  });
});

describe('CNGP bind acceptor', () => {
  const acceptor = cngpBindAcceptor();
  const account = { account: 'cngp012345', secret: 'pass1234' };
  const login: CngpPdu = {
    command: 'login',
    sequence: 3,
    clientId: 'cngp012345',
    authenticatorClient: AUTH,
    loginMode: 2,
    timestamp: 1121093000,
    version: 0x20,
  };

  it('accepts the right secret and puts the status in Login_Resp', () => {
    expect(acceptor.describe(login)).toEqual({ account: 'cngp012345', mode: 'transceiver', version: 0x20 });
    const verdict = acceptor.verify(login, account, NOW);
    expect(verdict).toEqual({ ok: true, status: 0, version: 0x20, clockSkewMs: 0 });
    expect(acceptor.reply(login, verdict, account)).toMatchObject({
      command: 'login_resp',
      sequence: 3,
      status: 0,
      version: 0x20,
    });
  });
  it.each([
    ['a wrong secret', login, { account: 'cngp012345', secret: 'nope' }, NOW, 21, 'auth-failed', { clockSkewMs: 0 }],
    ['version 3.0', { ...login, version: 0x30 }, account, NOW, 22, 'bad-version', {}],
    [
      'a stale timestamp with 72 (bad time)',
      login,
      account,
      new Date(NOW.getTime() + 3_600_000),
      72,
      'bad-timestamp',
      { clockSkewMs: -3_600_000 },
    ],
  ] as const)('refuses %s', (_name, request, acct, now, status, reason, skew) => {
    const verdict = acceptor.verify(request, acct, now);
    expect(verdict).toEqual({ ok: false, status, reason, ...skew });
    expect(acceptor.reply(request, verdict, acct)).toEqual({
      command: 'login_resp',
      sequence: 3,
      status,
      authenticatorServer: Buffer.alloc(16),
      version: 0x20,
    });
  });
});

describe('CNGP login clock window', () => {
  const account = { account: 'cngp012345', secret: 'pass1234' };
  /** The client stamps 11-21 09:30:00 as its UTC wall clock reads it: Beijing 17:30. */
  const utcClient = new Date(NOW.getTime() + 8 * 3_600_000);
  const login: CngpPdu = {
    command: 'login',
    sequence: 1,
    clientId: 'cngp012345',
    authenticatorClient: AUTH,
    loginMode: 2,
    timestamp: 1121093000,
    version: 0x20,
  };

  it('the gateway role refuses an 8-hour skew by default and takes a window, or none', () => {
    const strict = cngpGatewayDialect({ gatewayCode: '100001' }).acceptor;
    expect(strict.verify(login, account, utcClient)).toEqual({
      ok: false,
      status: 72,
      reason: 'bad-timestamp',
      clockSkewMs: -8 * 3_600_000,
    });
    const off = cngpGatewayDialect({ gatewayCode: '100001', maxClockSkewMs: null }).acceptor;
    expect(off.verify(login, account, utcClient)).toMatchObject({ ok: true, clockSkewMs: -8 * 3_600_000 });
  });

  it('our binder reads 72 as a clock problem', async () => {
    const s = session((req) => ({
      command: 'login_resp',
      sequence: req.sequence,
      status: 72,
      authenticatorServer: Buffer.alloc(16),
      version: 0x20,
    }));
    await expect(
      cngpBinder({ now: () => NOW }).bind(s, { clientId: 'cngp012345', secret: 'pass1234' }),
    ).rejects.toThrow(/timestamp is too far from the gateway's clock/);
  });
});
