import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashApiKeySecret, parseApiKey, verifyApiKeySecret } from '../src/api-keys.js';
import type { PrismaClient } from '../src/generated/prisma/client.js';
import { verifyPassword } from '../src/passwords.js';
import { createPrisma } from '../src/prisma.js';
import { CARRIERS, PLATFORM_CREDIT_LIMIT_LI, seedBase, STANDARD_BUSINESS_TYPES } from '../src/seed/seed-base.js';
import { seedChannels, type ChannelSeed } from '../src/seed/seed-channels.js';
import { seedDemo } from '../src/seed/seed-demo.js';
import { seedOperator } from '../src/seed/seed-operator.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.js';

/** Row counts of every table a seed writes, to prove a second run adds nothing. */
async function counts(prisma: PrismaClient): Promise<Record<string, number>> {
  return {
    orgs: await prisma.org.count(),
    users: await prisma.user.count(),
    apiKeys: await prisma.apiKey.count(),
    carriers: await prisma.carrier.count(),
    businessTypes: await prisma.businessType.count(),
    ledgerEntries: await prisma.ledgerEntry.count(),
    webhookEndpoints: await prisma.webhookEndpoint.count(),
    channels: await prisma.channel.count(),
    routes: await prisma.route.count(),
    routeChannels: await prisma.routeChannel.count(),
  };
}

const smppChannel: ChannelSeed = {
  name: 'cmcc-smpp-1',
  protocol: 'smpp',
  version: '3.4',
  host: '127.0.0.1',
  port: 2775,
  account: 'demo',
  secret: 'secret',
  spNumber: '10690001',
  carriers: ['CMCC'],
  window: 32,
  tps: 200,
  maxBinds: 2,
  options: { systemType: 'SMS' },
};

const cmppCrossCarrier: ChannelSeed = {
  name: 'cucc-cmpp-cross',
  protocol: 'cmpp',
  version: '3.0',
  host: '127.0.0.1',
  port: 7890,
  account: '901234',
  secret: 'pw',
  spNumber: '10655001',
  serviceId: 'MJS0019903',
  carriers: ['CUCC', 'CMCC'],
  role: 'cross_carrier',
};

const modemPool: ChannelSeed = {
  name: 'modem-pool',
  protocol: 'modem',
  version: 'AT',
  host: 'localhost',
  port: 0,
  account: '',
  secret: '',
  spNumber: '1',
  carriers: ['CMCC', 'CUCC', 'CTCC'],
  role: 'backup',
};

describe('seeds', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrisma(db.url);
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
  });

  it('seedBase creates the platform org, the carriers and the standard business types, once', async () => {
    const first = await seedBase(prisma);
    const second = await seedBase(prisma);

    expect(second.platform.id).toBe(first.platform.id);
    expect(first.platform).toMatchObject({ kind: 'platform', parentId: null, path: [first.platform.id] });
    // The platform pays for its own codes and notices from a credit line: with none, sign-up
    // could not send the code it asks for.
    expect(first.platform).toMatchObject({ billingMode: 'postpaid', creditLimit: PLATFORM_CREDIT_LIMIT_LI });
    expect(PLATFORM_CREDIT_LIMIT_LI).toBeGreaterThan(0n);
    expect((await prisma.carrier.findMany({ orderBy: { code: 'asc' } })).map((c) => c.code)).toEqual(
      CARRIERS.map((c) => c.code).sort(),
    );
    const types = await prisma.businessType.findMany({ orderBy: { priority: 'desc' } });
    expect(types.map((t) => t.code)).toEqual(['alarm', 'verification', 'notification', 'marketing']);
    expect(types.map((t) => t.pricePerSegment)).toEqual(STANDARD_BUSINESS_TYPES.map((t) => t.pricePerSegment));
    expect(await prisma.org.count({ where: { kind: 'platform' } })).toBe(1);
  });

  it('seedBase leaves an operator’s later price change alone', async () => {
    await seedBase(prisma);
    await prisma.businessType.update({ where: { code: 'marketing' }, data: { pricePerSegment: 30n } });
    await seedBase(prisma);
    expect((await prisma.businessType.findUniqueOrThrow({ where: { code: 'marketing' } })).pricePerSegment).toBe(30n);
    await prisma.businessType.update({ where: { code: 'marketing' }, data: { pricePerSegment: 45n } });
  });

  it('seedDemo creates the demo org, user, key and webhook once, booking the balance as one recharge', async () => {
    const options = { balance: 5_000_000n, webhookUrl: 'http://127.0.0.1:9999/hook', password: 'open sesame' };
    const first = await seedDemo(prisma, options);
    const afterFirst = await counts(prisma);
    const second = await seedDemo(prisma, options);

    expect(await counts(prisma)).toEqual(afterFirst);
    expect(second.org.id).toBe(first.org.id);
    expect(second.user.id).toBe(first.user.id);
    expect(second.apiKey.id).toBe(first.apiKey.id);
    expect(second.webhookEndpoint?.id).toBe(first.webhookEndpoint?.id);
    expect(second.webhookEndpoint?.secret).toBe(first.webhookEndpoint?.secret);

    const platform = await prisma.org.findFirstOrThrow({ where: { kind: 'platform' } });
    const org = await prisma.org.findUniqueOrThrow({ where: { id: first.org.id } });
    expect(org).toMatchObject({
      kind: 'enterprise',
      billingMode: 'prepaid',
      parentId: platform.id,
      path: [platform.id, org.id],
      balance: 5_000_000n,
    });
    // Allocated by the platform, not chosen by the seed: 4 digits below the platform root.
    expect(org.extensionCode).toMatch(/^\d{4}$/);
    const ledger = await prisma.ledgerEntry.findMany({ where: { orgId: org.id } });
    expect(ledger).toEqual([
      expect.objectContaining({ kind: 'recharge', amount: 5_000_000n, balanceAfter: 5_000_000n }),
    ]);
    expect(await verifyPassword('open sesame', first.user.passwordHash)).toBe(true);
    expect(first.user.role).toBe('owner');
  });

  it('seedDemo returns a working key whose secret is stored only as a hash', async () => {
    const demo = await seedDemo(prisma);
    const parts = parseApiKey(demo.apiKey.full);
    expect(parts).not.toBeNull();
    const row = await prisma.apiKey.findUniqueOrThrow({ where: { prefix: parts?.prefix ?? '' } });
    expect(row.id).toBe(demo.apiKey.id);
    expect(row.revokedAt).toBeNull();
    expect(verifyApiKeySecret(parts?.secret ?? '', row.secretHash)).toBe(true);
    expect(
      JSON.stringify(row, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value)),
    ).not.toContain(parts?.secret);
  });

  it('seedDemo installs a given key, so the demo key stays the same across runs', async () => {
    const full = 'sk_DemoKey1_0123456789abcdefghijABCDEFGHIJkl';
    const first = await seedDemo(prisma, { apiKey: full });
    const second = await seedDemo(prisma, { apiKey: full });
    expect(second.apiKey).toEqual(first.apiKey);
    expect(first.apiKey.full).toBe(full);
    const row = await prisma.apiKey.findUniqueOrThrow({ where: { prefix: 'DemoKey1' } });
    expect(row.secretHash).toBe(hashApiKeySecret('0123456789abcdefghijABCDEFGHIJkl'));
    await expect(seedDemo(prisma, { apiKey: 'sk_short_x' })).rejects.toThrow('apiKey is not of the form');
  });

  it('seedChannels creates channels and routes each carrier to them by role, once', async () => {
    const channels = [smppChannel, cmppCrossCarrier, modemPool];
    await seedChannels(prisma, channels);
    const afterFirst = await counts(prisma);
    await seedChannels(prisma, channels);
    expect(await counts(prisma)).toEqual(afterFirst);

    const smpp = await prisma.channel.findUniqueOrThrow({ where: { name: 'cmcc-smpp-1' } });
    expect(smpp).toMatchObject({
      protocol: 'smpp',
      protocolVersion: '3.4',
      windowSize: 32,
      tps: 200,
      maxBinds: 2,
      carriers: ['CMCC'],
      role: 'primary',
      options: { systemType: 'SMS' },
    });
    const links = await prisma.routeChannel.findMany({ include: { route: true, channel: true } });
    const byCarrier = (code: string): [string, number][] =>
      links
        .filter((link) => link.route.carrierCode === code)
        .map((link): [string, number] => [link.channel.name, link.tier])
        .sort((a, b) => a[1] - b[1]);
    expect(byCarrier('CMCC')).toEqual([
      ['cmcc-smpp-1', 0],
      ['cucc-cmpp-cross', 1],
      ['modem-pool', 2],
    ]);
    expect(byCarrier('CUCC')).toEqual([
      ['cucc-cmpp-cross', 1],
      ['modem-pool', 2],
    ]);
    expect(await prisma.route.count({ where: { carrierCode: 'CMCC' } })).toBe(1);
  });

  it('seedChannels follows changed input: a carrier dropped from a channel loses its link', async () => {
    await seedChannels(prisma, [{ ...cmppCrossCarrier, carriers: ['CUCC'], tps: 50 }]);
    const channel = await prisma.channel.findUniqueOrThrow({ where: { name: 'cucc-cmpp-cross' } });
    expect(channel.tps).toBe(50);
    const links = await prisma.routeChannel.findMany({ where: { channelId: channel.id }, include: { route: true } });
    expect(links.map((link) => link.route.carrierCode)).toEqual(['CUCC']);
  });

  it('seedChannels routes a channel with prefixes through prefix routes only, and follows changes', async () => {
    const smgp: ChannelSeed = { ...smppChannel, name: 'ctcc-smgp-all', protocol: 'smgp', carriers: ['CTCC'] };
    const cngp: ChannelSeed = {
      ...smppChannel,
      name: 'ctcc-cngp-189',
      protocol: 'cngp',
      version: '2.0',
      carriers: ['CTCC'],
      prefixes: ['189', '1890'],
    };
    await seedChannels(prisma, [smgp, cngp]);
    const afterFirst = await counts(prisma);
    await seedChannels(prisma, [smgp, cngp]);
    expect(await counts(prisma)).toEqual(afterFirst);

    const routesOf = async (name: string) =>
      (
        await prisma.routeChannel.findMany({
          where: { channel: { name } },
          include: { route: true },
          orderBy: { routeId: 'asc' },
        })
      ).map((link) => [link.route.carrierCode, link.route.prefix, link.tier]);
    expect(await routesOf('ctcc-smgp-all')).toEqual([['CTCC', null, 0]]);
    expect(await routesOf('ctcc-cngp-189')).toEqual([
      ['CTCC', '189', 0],
      ['CTCC', '1890', 0],
    ]);

    // One prefix dropped: its link goes, the prefix route stays for whoever else uses it.
    await seedChannels(prisma, [{ ...cngp, prefixes: ['189'] }]);
    expect(await routesOf('ctcc-cngp-189')).toEqual([['CTCC', '189', 0]]);
    // No prefixes any more: the channel serves the whole carrier through its default route.
    await seedChannels(prisma, [{ ...cngp, prefixes: [] }]);
    expect(await routesOf('ctcc-cngp-189')).toEqual([['CTCC', null, 0]]);
    await expect(seedChannels(prisma, [{ ...cngp, prefixes: ['18x'] }])).rejects.toThrow(/prefixes/);
  });

  it('seedChannels rejects bad input with the channel and field named', async () => {
    const bad = { ...smppChannel, name: 'broken', port: 70000, carriers: ['XXX'] } as unknown as ChannelSeed;
    const attempt = seedChannels(prisma, [bad]);
    await expect(attempt).rejects.toThrow('seedChannels: channel #0 "broken"');
    await expect(attempt).rejects.toThrow(/port/);
    await expect(attempt).rejects.toThrow(/carriers/);
    expect(await prisma.channel.count({ where: { name: 'broken' } })).toBe(0);
  });
});

describe('seedOperator', () => {
  it('gives the platform org one operator key (kept across runs) and alarm contacts', async () => {
    const database = await createTestDatabase();
    const client = createPrisma(database.url);
    try {
      const first = await seedOperator(client, { alarmPhones: ['13800138000'] });
      const second = await seedOperator(client, {
        apiKey: first.apiKey.full,
        alarmPhones: ['13800138000', '447400123456'],
      });
      expect(second.apiKey.id).toBe(first.apiKey.id);
      const keys = await client.apiKey.findMany({ where: { name: 'operator' }, include: { org: true } });
      expect(keys).toHaveLength(1);
      expect(keys[0]!.org.kind).toBe('platform');
      const parts = parseApiKey(first.apiKey.full)!;
      expect(verifyApiKeySecret(parts.secret, keys[0]!.secretHash)).toBe(true);
      expect((await client.alarmContact.findMany({ orderBy: { id: 'asc' } })).map((c) => c.phone)).toEqual([
        '13800138000',
        '447400123456',
      ]);
    } finally {
      await client.$disconnect();
      await database.drop();
    }
  });
});
