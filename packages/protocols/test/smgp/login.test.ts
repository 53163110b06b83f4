import { describe, expect, it } from 'vitest';
import { BindError, type BindableSession } from '@smshub/protocols';
import {
  authenticatorClient,
  authenticatorServer,
  describeSmgpStatus,
  loginTimestamp,
  SmgpStatus,
  smgpGatewayDialect,
  smgpBindAcceptor,
  smgpBinder,
  type SmgpPdu,
  timestampDigits,
  timestampSkewMs,
} from '@smshub/protocols/smgp';
import { hex } from '../hex.js';

/** 2026-03-01 00:00:00 Beijing time = 2026-02-28 16:00:00 UTC. */
const MARCH_FIRST = new Date('2026-02-28T16:00:00Z');

describe('SMGP login authenticators (reference §3.2, SMGP 3.0 §6.2.2)', () => {
  it('TimeStamp of 03-01 00:00:00 is 0x11F0E540, the spec example, in Beijing time whatever the host zone', () => {
    expect(loginTimestamp(MARCH_FIRST)).toBe(0x11f0e540);
    expect(timestampDigits(0x11f0e540)).toBe('0301000000');
  });
  it('AuthenticatorClient known answer: MD5("12345678" ‖ 7×00 ‖ "secret" ‖ "0301000000")', () => {
    // Reference §3.2 example; `printf '12345678\0\0\0\0\0\0\0secret0301000000' | openssl md5` agrees.
    expect(authenticatorClient('12345678', 'secret', 301000000).toString('hex')).toBe(
      '95898c46dedbcf393dcd4c2a861481e9',
    );
  });
  it('the hash covers exactly 7 zero bytes (a 9-byte CMPP pad would differ)', () => {
    expect(authenticatorClient('12345678', 'secret', 301000000)).not.toEqual(
      authenticatorClient('12345678\0\0', 'secret', 301000000),
    );
  });
  it('AuthenticatorServer known answer: MD5(00000000 ‖ AuthenticatorClient ‖ "secret")', () => {
    // Computed with openssl over the 4 + 16 + 6 input bytes.
    expect(authenticatorServer(0, hex('95898c46dedbcf393dcd4c2a861481e9'), 'secret').toString('hex')).toBe(
      '778071b4bb5722eda0905422b00fb6a8',
    );
  });
  it.each([
    ['same second', 301000000, MARCH_FIRST, 0],
    ['five minutes early', 228235500, MARCH_FIRST, 5 * 60_000],
    ['year wrap: 12-31 23:59:59 seen at 01-01 00:00:01', 1231235959, new Date('2025-12-31T16:00:01Z'), 2000],
    ['month 13 is no date', 1301000000, MARCH_FIRST, null],
    ['February 30 is no date', 230000000, MARCH_FIRST, null],
  ] as const)('skew: %s', (_name, timestamp, now, expected) => {
    expect(timestampSkewMs(timestamp, now)).toBe(expected);
  });
});

function session(reply: (request: SmgpPdu) => SmgpPdu): BindableSession<SmgpPdu> & { sent: SmgpPdu[] } {
  const sent: SmgpPdu[] = [];
  return {
    id: 'smgp 127.0.0.1:8890',
    sent,
    async request(pdu: SmgpPdu): Promise<SmgpPdu> {
      sent.push(pdu);
      return reply(pdu);
    },
  };
}

describe('SMGP binder', () => {
  const credentials = { clientId: '12345678', secret: 'secret', mode: 'receiver' as const };

  it('sends Login with the MD5 authenticator, mode and version, and returns the server version', async () => {
    const s = session((req) => ({
      command: 'login_resp',
      sequence: req.sequence,
      status: 0,
      authenticatorServer: Buffer.alloc(16),
      serverVersion: 0x30,
    }));
    const result = await smgpBinder({ now: () => MARCH_FIRST }).bind(s, credentials);
    expect(result).toEqual({ version: 0x30 });
    expect(s.sent[0]).toMatchObject({
      command: 'login',
      clientId: '12345678',
      authenticatorClient: hex('95898c46dedbcf393dcd4c2a861481e9'),
      loginMode: 1,
      timestamp: 301000000,
      clientVersion: 0x30,
    });
  });

  it.each([
    [21, 'authentication failed'],
    [22, 'version too high'],
    [2, 'too many connections'],
    [20, 'bad IP address'],
  ])('status %i becomes a BindError saying "%s"', async (status, reason) => {
    const s = session((req) => ({
      command: 'login_resp',
      sequence: req.sequence,
      status,
      authenticatorServer: Buffer.alloc(16),
      serverVersion: 0x30,
    }));
    const bound = smgpBinder({ now: () => MARCH_FIRST }).bind(s, credentials);
    await expect(bound).rejects.toBeInstanceOf(BindError);
    await expect(bound).rejects.toMatchObject({ status, session: 'smgp 127.0.0.1:8890' });
    await expect(bound).rejects.toThrow(reason);
  });

  it('checks AuthenticatorServer when asked to', async () => {
    const good = session((req) => ({
      command: 'login_resp',
      sequence: req.sequence,
      status: 0,
      authenticatorServer: hex('778071b4bb5722eda0905422b00fb6a8'),
      serverVersion: 0x30,
    }));
    await expect(smgpBinder({ now: () => MARCH_FIRST, verifyServer: true }).bind(good, credentials)).resolves.toEqual({
      version: 0x30,
    });
    const bad = session((req) => ({
      command: 'login_resp',
      sequence: req.sequence,
      status: 0,
      authenticatorServer: Buffer.from('authserver\0\0\0\0\0\0'),
      serverVersion: 0x30,
    }));
    await expect(smgpBinder({ now: () => MARCH_FIRST, verifyServer: true }).bind(bad, credentials)).rejects.toThrow(
      'AuthenticatorServer',
    );
    await expect(smgpBinder({ now: () => MARCH_FIRST }).bind(bad, credentials)).resolves.toEqual({ version: 0x30 });
  });

  it('a reply that is not Login_Resp is a BindError', async () => {
    const s = session((req) => ({ command: 'exit_resp', sequence: req.sequence }));
    await expect(smgpBinder({ now: () => MARCH_FIRST }).bind(s, credentials)).rejects.toThrow('exit_resp');
  });
});

describe('SMGP bind acceptor', () => {
  const acceptor = smgpBindAcceptor();
  const account = { account: '12345678', secret: 'secret' };
  const login = (changes: Partial<Extract<SmgpPdu, { command: 'login' }>> = {}): SmgpPdu => ({
    command: 'login',
    sequence: 9,
    clientId: '12345678',
    authenticatorClient: hex('95898c46dedbcf393dcd4c2a861481e9'),
    loginMode: 2,
    timestamp: 301000000,
    clientVersion: 0x30,
    ...changes,
  });

  it('describes the login', () => {
    expect(acceptor.isBindRequest(login())).toBe(true);
    expect(acceptor.describe(login({ loginMode: 0 }))).toEqual({
      account: '12345678',
      mode: 'transmitter',
      version: 0x30,
    });
    expect(acceptor.describe(login({ loginMode: 1 })).mode).toBe('receiver');
  });

  it('accepts the right secret and replies with AuthenticatorServer', () => {
    const verdict = acceptor.verify(login(), account, MARCH_FIRST);
    expect(verdict).toEqual({ ok: true, status: 0, version: 0x30, clockSkewMs: 0 });
    expect(acceptor.reply(login(), verdict, account)).toEqual({
      command: 'login_resp',
      sequence: 9,
      status: 0,
      authenticatorServer: hex('778071b4bb5722eda0905422b00fb6a8'),
      serverVersion: 0x30,
    });
  });

  it('accepts a 2.0 client on a 3.0 server and reports its version', () => {
    const auth = authenticatorClient('12345678', 'secret', 301000000);
    expect(
      acceptor.verify(login({ clientVersion: 0x20, authenticatorClient: auth }), account, MARCH_FIRST),
    ).toMatchObject({ ok: true, version: 0x20 });
  });

  const late = new Date(MARCH_FIRST.getTime() + 11 * 60_000);
  it.each([
    [
      'wrong secret',
      login(),
      { account: '12345678', secret: 'other' },
      MARCH_FIRST,
      21,
      'auth-failed',
      { clockSkewMs: 0 },
    ],
    ['unknown account', login(), null, MARCH_FIRST, 21, 'unknown-account', {}],
    ['timestamp 11 minutes off', login(), account, late, 72, 'bad-timestamp', { clockSkewMs: -11 * 60_000 }],
    ['version 0x31', login({ clientVersion: 0x31 }), account, MARCH_FIRST, 22, 'bad-version', {}],
    ['version 1.3', login({ clientVersion: 0x13 }), account, MARCH_FIRST, 22, 'bad-version', {}],
    ['login mode 3', login({ loginMode: 3 }), account, MARCH_FIRST, 10, 'bad-mode', {}],
  ] as const)('refuses: %s', (_name, request, acct, now, status, reason, skew) => {
    const verdict = acceptor.verify(request, acct, now);
    expect(verdict).toEqual({ ok: false, status, reason, ...skew });
    const reply = acceptor.reply(request, verdict, acct);
    expect(reply).toMatchObject({ command: 'login_resp', status, authenticatorServer: Buffer.alloc(16) });
  });

  it('a skew check can be switched off', () => {
    const lenient = smgpBindAcceptor({ maxClockSkewMs: null });
    expect(lenient.verify(login(), account, new Date('2026-07-01T00:00:00Z')).ok).toBe(true);
  });

  it('a client stamping UTC instead of Beijing time gets 72 (bad time), not 21, and the skew is reported', () => {
    // The client's clock reads 03-01 00:00:00 in UTC: 8 hours behind Beijing time.
    const utcClient = new Date(MARCH_FIRST.getTime() + 8 * 3_600_000);
    expect(acceptor.verify(login(), account, utcClient)).toEqual({
      ok: false,
      status: SmgpStatus.badTime,
      reason: 'bad-timestamp',
      clockSkewMs: -8 * 3_600_000,
    });
    expect(describeSmgpStatus(72)).toMatch(/timestamp is too far from the gateway's clock/);
    const wide = smgpBindAcceptor({ maxClockSkewMs: 9 * 3_600_000 });
    expect(wide.verify(login(), account, utcClient)).toEqual({
      ok: true,
      status: 0,
      version: 0x30,
      clockSkewMs: -8 * 3_600_000,
    });
  });

  it('the gateway role takes the window too', () => {
    const utcClient = new Date(MARCH_FIRST.getTime() + 8 * 3_600_000);
    const strict = smgpGatewayDialect({ smgwCode: '010061' }).acceptor;
    expect(strict.verify(login(), account, utcClient)).toMatchObject({ ok: false, status: 72 });
    const lenient = smgpGatewayDialect({ smgwCode: '010061', maxClockSkewMs: null }).acceptor;
    expect(lenient.verify(login(), account, utcClient)).toMatchObject({ ok: true, clockSkewMs: -8 * 3_600_000 });
  });

  it.each([
    ['too-many-binds', 2],
    ['already-bound', 2],
    ['system-error', 1],
  ] as const)('refuse(%s) is status %i', (reason, status) => {
    expect(acceptor.refuse(reason)).toEqual({ ok: false, status, reason });
  });
});
