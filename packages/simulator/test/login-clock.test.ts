import { type Binder, BindError, connectAndBind, type Pdu, type Protocol } from '@smshub/protocols';
import { cmppBinder, cmppProtocol } from '@smshub/protocols/cmpp';
import { cngpBinder, cngpProtocol } from '@smshub/protocols/cngp';
import { smgpBinder, smgpProtocol } from '@smshub/protocols/smgp';
import { afterEach, describe, expect, it } from 'vitest';
import { type GatewayLogin, gatewayProtocol, type ProtocolName, SimulatedGateway } from '../src/index.js';

/**
 * Clients that stamp their MD5 login in UTC instead of Beijing time, eight hours behind. The
 * simulator keeps refusing them by default (the check stops replayed logins) but says why — a
 * distinct status where the protocol has one, the skew in its login event either way — and a
 * window option lets a test or demo accept them.
 */

const EIGHT_HOURS = 8 * 3_600_000;
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

interface Case {
  readonly name: ProtocolName;
  readonly version: string;
  readonly account: string;
  /** Status of a refused timestamp: CMPP has no code of its own (3, auth failed); SMGP and CNGP 72. */
  readonly badTimeStatus: number;
  readonly client: (now: () => Date) => { protocol: Protocol<Pdu>; binder: Binder<Pdu, unknown>; credentials: unknown };
}

const cases: Case[] = [
  {
    name: 'cmpp',
    version: '3.0',
    account: '901234',
    badTimeStatus: 3,
    client: (now) => ({
      protocol: cmppProtocol(0x30) as unknown as Protocol<Pdu>,
      binder: cmppBinder({ version: 0x30, now }) as unknown as Binder<Pdu, unknown>,
      credentials: { spId: '901234', secret: 'secret' },
    }),
  },
  {
    name: 'smgp',
    version: '3.0',
    account: 'sp000001',
    badTimeStatus: 72,
    client: (now) => ({
      protocol: smgpProtocol(0x30) as unknown as Protocol<Pdu>,
      binder: smgpBinder({ version: 0x30, now }) as unknown as Binder<Pdu, unknown>,
      credentials: { clientId: 'sp000001', secret: 'secret' },
    }),
  },
  {
    name: 'cngp',
    version: '2.0',
    account: 'cngp000001',
    badTimeStatus: 72,
    client: (now) => ({
      protocol: cngpProtocol() as unknown as Protocol<Pdu>,
      binder: cngpBinder({ now }) as unknown as Binder<Pdu, unknown>,
      credentials: { clientId: 'cngp000001', secret: 'secret' },
    }),
  },
];

async function start(c: Case, maxClockSkewMs?: number | null) {
  const gateway = new SimulatedGateway({
    protocol: gatewayProtocol(c.name, c.version, maxClockSkewMs === undefined ? {} : { maxClockSkewMs }),
    accounts: [{ account: c.account, secret: 'secret' }],
  });
  const logins: GatewayLogin[] = [];
  gateway.on('login', (login) => logins.push(login));
  await gateway.start();
  cleanups.push(() => gateway.stop());
  return { gateway, logins };
}

async function bindOnUtc(c: Case, port: number) {
  // A UTC wall clock reads Beijing time minus eight hours; the binder stamps what it reads.
  const { session } = await connectAndBind({
    ...c.client(() => new Date(Date.now() - EIGHT_HOURS)),
    host: '127.0.0.1',
    port,
    name: `${c.name}-utc-client`,
  });
  cleanups.push(() => session.destroy());
}

describe.each(cases)('$name $version login timestamp window', (c) => {
  it('refuses a client on UTC with its own status and logs the skew', async () => {
    const { gateway, logins } = await start(c);
    const refused = await bindOnUtc(c, gateway.port).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(BindError);
    expect((refused as BindError).status).toBe(c.badTimeStatus);
    if (c.badTimeStatus === 3) expect((refused as BindError).message).toMatch(/timestamp too far from the gateway/);
    await expect.poll(() => logins.length).toBe(1);
    expect(logins[0]).toMatchObject({ account: c.account, accepted: false, reason: 'bad-timestamp' });
    expect(Math.abs((logins[0]?.clockSkewMs ?? 0) + EIGHT_HOURS)).toBeLessThan(60_000);
    expect(gateway.stats.bindsRefused).toBe(1);
  });

  it('accepts it with the check off, still logging the skew', async () => {
    const { gateway, logins } = await start(c, null);
    await bindOnUtc(c, gateway.port);
    await expect.poll(() => logins.length).toBe(1);
    expect(logins[0]).toMatchObject({ account: c.account, accepted: true, status: 0 });
    expect(Math.abs((logins[0]?.clockSkewMs ?? 0) + EIGHT_HOURS)).toBeLessThan(60_000);
  });

  it('accepts it inside a window wide enough', async () => {
    const { gateway } = await start(c, 9 * 3_600_000);
    await bindOnUtc(c, gateway.port);
    expect(gateway.stats.bindsAccepted).toBe(1);
  });
});
