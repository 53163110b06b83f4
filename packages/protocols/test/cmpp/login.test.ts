import { describe, expect, it } from 'vitest';
import {
  authenticatorIsmg,
  buildConnect,
  cmppBinder,
  cmppBindAcceptor,
  cmppGatewayDialect,
  cmppProtocol,
} from '../../src/cmpp/index.js';
import type { CmppPdu, CmppVersion } from '../../src/cmpp/index.js';
import { BindError } from '../../src/engine/errors.js';
import type { BindableSession, BindAccount } from '../../src/engine/protocol.js';
import { hex, zeros } from '../hex.js';

const accounts = new Map<string, BindAccount>([['900001', { account: '900001', secret: '888888' }]]);
const serverNow = new Date('2026-11-21T07:00:00Z');

/**
 * A session whose peer is a gateway built from our acceptor: every request crosses the wire as
 * bytes (client layout out, server layout in and back), as it would over TCP.
 */
function gatewaySession(
  clientVersion: CmppVersion,
  serverVersion: CmppVersion,
  tamper?: (reply: CmppPdu) => CmppPdu,
): BindableSession<CmppPdu> {
  const acceptor = cmppBindAcceptor({ version: serverVersion });
  return {
    id: 'cmpp test-gateway:7890',
    async request(pdu) {
      pdu.sequence = 1;
      const request = cmppProtocol(serverVersion).decode(cmppProtocol(clientVersion).encode(pdu));
      const account = accounts.get(acceptor.describe(request).account) ?? null;
      const verdict = acceptor.verify(request, account, serverNow);
      const reply = acceptor.reply(request, verdict, account);
      return cmppProtocol(clientVersion).decode(cmppProtocol(serverVersion).encode(tamper ? tamper(reply) : reply));
    },
  };
}

async function bindError(promise: Promise<unknown>): Promise<BindError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof BindError) return error;
    throw error;
  }
  throw new Error('bind succeeded');
}

describe('CMPP CONNECT, both roles', () => {
  it.each([0x20, 0x30] as const)(
    'binds 0x%s with the right secret and reports the gateway version',
    async (version) => {
      const binder = cmppBinder({ version, now: () => new Date('2026-11-21T07:01:00Z') });
      await expect(
        binder.bind(gatewaySession(version, version), { spId: '900001', secret: '888888' }),
      ).resolves.toEqual({ version });
    },
  );

  it.each([
    [
      'wrong secret',
      { spId: '900001', secret: 'wrong' },
      '2026-11-21T07:00:00Z',
      3,
      /authentication failed: a wrong secret, or a CONNECT timestamp too far .* \(status 3\)/,
    ],
    ['unknown SP id', { spId: '999999', secret: '888888' }, '2026-11-21T07:00:00Z', 2, /illegal source address/],
    [
      'timestamp 11 minutes behind',
      { spId: '900001', secret: '888888' },
      '2026-11-21T06:49:00Z',
      3,
      /authentication failed/,
    ],
    [
      'timestamp 11 minutes ahead',
      { spId: '900001', secret: '888888' },
      '2026-11-21T07:11:00Z',
      3,
      /authentication failed/,
    ],
  ])('refuses a %s', async (_name, credentials, clientNow, status, message) => {
    const binder = cmppBinder({ version: 0x30, now: () => new Date(clientNow) });
    const error = await bindError(binder.bind(gatewaySession(0x30, 0x30), credentials));
    expect(error.status).toBe(status);
    expect(error.message).toMatch(message);
    expect(error.message).toContain('cmpp test-gateway:7890');
  });

  it('accepts a timestamp 9 minutes off, and one from across the new year', async () => {
    const acceptor = cmppBindAcceptor({ version: 0x30 });
    const account = accounts.get('900001') ?? null;
    const nearNine = buildConnect({ spId: '900001', secret: '888888' }, 0x30, new Date('2026-11-21T06:51:00Z'));
    expect(acceptor.verify(nearNine, account, serverNow)).toEqual({
      ok: true,
      status: 0,
      version: 0x30,
      clockSkewMs: -9 * 60_000,
    });
    const december = buildConnect({ spId: '900001', secret: '888888' }, 0x30, new Date('2026-12-31T15:59:30Z'));
    expect(acceptor.verify(december, account, new Date('2026-12-31T16:00:20Z'))).toMatchObject({ ok: true });
    const tight = cmppBindAcceptor({ version: 0x30, maxClockSkewMs: 30_000 });
    expect(tight.verify(december, account, new Date('2026-12-31T16:00:20Z'))).toEqual({
      ok: false,
      status: 3,
      reason: 'bad-timestamp',
      clockSkewMs: -50_000,
    });
  });

  it('a client stamping UTC is refused with 3 and its skew; the window is an option of the gateway role', () => {
    // Beijing 15:00 is UTC 07:00: a client whose clock reads Beijing time as UTC stamps 07:00.
    const utcStamped = buildConnect({ spId: '900001', secret: '888888' }, 0x30, serverNow, 0);
    const account = accounts.get('900001') ?? null;
    expect(cmppBindAcceptor({ version: 0x30 }).verify(utcStamped, account, serverNow)).toEqual({
      ok: false,
      status: 3,
      reason: 'bad-timestamp',
      clockSkewMs: -8 * 3_600_000,
    });
    const off = cmppGatewayDialect({ version: 0x30, gatewayCode: 1, maxClockSkewMs: null }).acceptor;
    expect(off.verify(utcStamped, account, serverNow)).toEqual({
      ok: true,
      status: 0,
      version: 0x30,
      clockSkewMs: -8 * 3_600_000,
    });
    const strict = cmppGatewayDialect({ version: 0x30, gatewayCode: 1 }).acceptor;
    expect(strict.verify(utcStamped, account, serverNow)).toMatchObject({ ok: false, reason: 'bad-timestamp' });
  });

  it('a 2.0 client on a 3.0-only gateway gets status 4 (version too high) it can read', async () => {
    const binder = cmppBinder({ version: 0x20, now: () => serverNow });
    const error = await bindError(binder.bind(gatewaySession(0x20, 0x30), { spId: '900001', secret: '888888' }));
    expect(error.status).toBe(4);
    expect(error.message).toMatch(/version too high/);
  });

  it('accepts gocmpp 2.1 clients on a 2.0 gateway', () => {
    const acceptor = cmppBindAcceptor({ version: 0x20 });
    const request = buildConnect({ spId: '900001', secret: '888888' }, 0x20, serverNow);
    expect(acceptor.verify({ ...request, version: 0x21 }, accounts.get('900001') ?? null, serverNow)).toMatchObject({
      ok: true,
    });
  });

  it.each([
    [1, /bad message structure/],
    [2, /illegal source address/],
    [3, /authentication failed/],
    [4, /version too high/],
    [5, /other error/],
    [77, /other error \(status 77\)/],
  ])('status %i is a BindError with its meaning', async (status, message) => {
    const binder = cmppBinder({ version: 0x30, now: () => serverNow });
    const session = gatewaySession(0x30, 0x30, (reply) => ({ ...reply, status }) as CmppPdu);
    const error = await bindError(binder.bind(session, { spId: '900001', secret: '888888' }));
    expect(error.status).toBe(status);
    expect(error.message).toMatch(message);
  });

  it('3.0: a success whose AuthenticatorISMG does not match our secret fails the login', async () => {
    const binder = cmppBinder({ version: 0x30, now: () => serverNow });
    const session = gatewaySession(
      0x30,
      0x30,
      (reply) => ({ ...reply, authenticatorIsmg: Buffer.alloc(16, 1) }) as CmppPdu,
    );
    const error = await bindError(binder.bind(session, { spId: '900001', secret: '888888' }));
    expect(error.message).toMatch(/AuthenticatorISMG does not match/);
  });

  it('3.0: a channel can switch the AuthenticatorISMG check off for a gateway that sends zeros', async () => {
    const zeroing = (reply: CmppPdu) => ({ ...reply, authenticatorIsmg: Buffer.alloc(16) }) as CmppPdu;
    const credentials = { spId: '900001', secret: '888888' };
    const lenient = cmppBinder({ version: 0x30, now: () => serverNow, verifyAuthenticatorIsmg: false });
    await expect(lenient.bind(gatewaySession(0x30, 0x30, zeroing), credentials)).resolves.toEqual({ version: 0x30 });
    // On by default, and on when asked: zeros are no proof the gateway knows the secret.
    for (const binder of [
      cmppBinder({ version: 0x30, now: () => serverNow }),
      cmppBinder({ version: 0x30, now: () => serverNow, verifyAuthenticatorIsmg: true }),
    ]) {
      const error = await bindError(binder.bind(gatewaySession(0x30, 0x30, zeroing), credentials));
      expect(error.message).toMatch(/AuthenticatorISMG does not match/);
    }
    // Switching it off does not turn a refusal into a success.
    const refusing = (reply: CmppPdu) => ({ ...reply, status: 3 }) as CmppPdu;
    await expect(lenient.bind(gatewaySession(0x30, 0x30, refusing), credentials)).rejects.toBeInstanceOf(BindError);
  });

  it('2.0: an SMSGate-style AuthenticatorISMG (4-byte status hashed) does not fail the login (§1.4)', async () => {
    const binder = cmppBinder({ version: 0x20, now: () => serverNow });
    const session = gatewaySession(0x20, 0x20, (reply) =>
      reply.command === 'connect_resp'
        ? { ...reply, authenticatorIsmg: authenticatorIsmg(0, 4, Buffer.alloc(16), '888888') }
        : reply,
    );
    await expect(binder.bind(session, { spId: '900001', secret: '888888' })).resolves.toEqual({ version: 0x20 });
  });

  it('the acceptor answers refusals with an empty authenticator and its own version', () => {
    const acceptor = cmppBindAcceptor({ version: 0x30 });
    const request = buildConnect({ spId: '900001', secret: 'bad' }, 0x30, serverNow);
    request.sequence = 2;
    const verdict = acceptor.verify(request, accounts.get('900001') ?? null, serverNow);
    expect(verdict).toEqual({ ok: false, status: 3, reason: 'auth-failed', clockSkewMs: 0 });
    // §1.4: Status 3, AuthenticatorISMG all zeros, Version 0x30.
    expect(cmppProtocol(0x30).encode(acceptor.reply(request, verdict, accounts.get('900001') ?? null))).toEqual(
      hex('00000021 80000001 00000002', '00000003', zeros(16), '30'),
    );
    expect(acceptor.refuse('too-many-binds')).toEqual({ ok: false, status: 5, reason: 'too-many-binds' });
    expect(acceptor.refuse('unknown-account').status).toBe(2);
    expect(acceptor.refuse('bad-version').status).toBe(4);
    expect(acceptor.describe(request)).toEqual({ account: '900001', mode: 'transceiver', version: 0x30 });
  });

  it('the CONNECT the binder sends is the §1.3 known-answer frame at 10-21 08:05:10 Beijing time', () => {
    const request = buildConnect({ spId: '900001', secret: '888888' }, 0x30, new Date('2026-10-21T00:05:10Z'));
    request.sequence = 0x17;
    expect(cmppProtocol(0x30).encode(request)).toEqual(
      hex('00000027 00000001 00000017 393030303031 90d00c1d517abd0b4f65f6bcf8535d16 30 3cdc73be'),
    );
  });
});
