import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../src/generated/prisma/client.js';
import { createPool } from '../src/pool.js';
import { createPrisma } from '../src/prisma.js';
import { seedBase } from '../src/seed/seed-base.js';
import {
  findIntakeByClientRef,
  loadIntakeReferenceData,
  storeIntake,
  type IntakeBatch,
  type IntakeMessage,
} from '../src/store/intake.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.js';
import { recordStatements } from './statement-log.js';

describe('intake store', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let pool: pg.Pool;
  let platformId: bigint;
  let notificationId: bigint;
  /** Every statement sent on a pooled connection, in order, with its parameters. */
  const statements: string[] = [];
  const parameters: unknown[][] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrisma(db.url);
    pool = createPool(db.url, { max: 4 });
    recordStatements(pool, { statements, parameters });
    const base = await seedBase(prisma);
    platformId = base.platform.id;
    notificationId = base.businessTypes.find((type) => type.code === 'notification')?.id ?? 0n;
  });

  afterAll(async () => {
    await pool?.end();
    await prisma?.$disconnect();
    await db?.drop();
  });

  let orgSequence = 0;
  const org = (
    balance: bigint,
    billingMode: 'prepaid' | 'postpaid' = 'prepaid',
    parentId = platformId,
    creditLimit = 0n,
  ) =>
    prisma.org.create({
      data: { parentId, kind: 'enterprise', name: `org ${++orgSequence}`, billingMode, balance, creditLimit },
    });

  const message = (recipient: string, price = 70n, text = '【测试】您的验证码是 1234'): IntakeMessage => ({
    recipient,
    carrierCode: 'CMCC',
    text,
    encoding: 'ucs2',
    segmentCount: Number(price / 35n),
    price,
  });

  const batch = (orgId: bigint, messages: IntakeMessage[], overrides: Partial<IntakeBatch> = {}): IntakeBatch => ({
    orgId,
    businessTypeId: notificationId,
    clientRef: null,
    requestHash: 'a'.repeat(64),
    name: 'API call',
    commonText: null,
    sendAt: new Date('2026-01-01T00:00:00.000Z'),
    expiresAt: new Date('2026-01-02T00:00:00.000Z'),
    extension: '8001',
    recipientCount: messages.length,
    rejections: [],
    messages,
    ...overrides,
  });

  const counts = async (orgId: bigint) => ({
    campaigns: await prisma.campaign.count({ where: { orgId } }),
    messages: await prisma.message.count({ where: { orgId } }),
    ledger: await prisma.ledgerEntry.count({ where: { orgId } }),
    balance: (await prisma.org.findUniqueOrThrow({ where: { id: orgId } })).balance,
  });

  describe('storeIntake', () => {
    it('stores the campaign, the messages in request order, the charge and its ledger row together', async () => {
      const shop = await org(1_000n);
      const rejection = { index: 1, to: '123', reason: 'invalid_number', message: 'too short' };
      const outcome = await storeIntake(
        pool,
        batch(shop.id, [message('13800138000'), message('13900139000', 35n, 'other text')], {
          clientRef: 'order-1',
          recipientCount: 3,
          rejections: [rejection],
        }),
      );
      expect(outcome).toMatchObject({ kind: 'stored', amount: 105n, balanceAfter: 895n });
      if (outcome.kind !== 'stored') return;

      const messages = await prisma.message.findMany({
        where: { campaignId: outcome.campaignId },
        orderBy: { id: 'asc' },
      });
      expect(messages.map((m) => m.id)).toEqual(outcome.messageIds);
      expect(
        messages.map((m) => [m.recipient, m.text, m.encoding, m.segmentCount, m.price, m.status, m.extension]),
      ).toEqual([
        ['13800138000', '【测试】您的验证码是 1234', 'ucs2', 2, 70n, 'accepted', '8001'],
        ['13900139000', 'other text', 'ucs2', 1, 35n, 'accepted', '8001'],
      ]);
      expect(messages[0]?.sendAt).toEqual(new Date('2026-01-01T00:00:00.000Z'));
      expect(messages[0]?.expiresAt).toEqual(new Date('2026-01-02T00:00:00.000Z'));

      const campaign = await prisma.campaign.findUniqueOrThrow({ where: { id: outcome.campaignId } });
      expect(campaign).toMatchObject({
        kind: 'api',
        clientRef: 'order-1',
        status: 'sending',
        recipientCount: 3,
        segmentCount: 3,
        amount: 105n,
        requestHash: 'a'.repeat(64),
        rejections: [rejection],
      });

      const ledger = await prisma.ledgerEntry.findMany({ where: { orgId: shop.id } });
      expect(ledger).toEqual([
        expect.objectContaining({ kind: 'charge', amount: -105n, balanceAfter: 895n, campaignId: outcome.campaignId }),
      ]);
      expect((await counts(shop.id)).balance).toBe(895n);
    });

    it('inserts 10,000 messages with one statement, and sends a shared text once', async () => {
      const shop = await org(10_000_000n);
      const messages = Array.from({ length: 10_000 }, (_, i) => message(`138${String(i).padStart(8, '0')}`));
      statements.length = 0;
      parameters.length = 0;
      const outcome = await storeIntake(pool, batch(shop.id, messages));
      expect(outcome.kind).toBe('stored');
      const inserts = statements.flatMap((sql, i) => (/INSERT INTO messages/.test(sql) ? [parameters[i] ?? []] : []));
      expect(inserts).toHaveLength(1);
      const [insertParameters] = inserts;
      // $5 is the distinct texts, $8 the recipients.
      expect(insertParameters?.[4]).toEqual(['【测试】您的验证码是 1234']);
      expect(insertParameters?.[7]).toHaveLength(10_000);
      // BEGIN, campaign, charge + ledger, messages, COMMIT: nothing per message.
      expect(statements).toHaveLength(5);
      expect(await prisma.message.count({ where: { orgId: shop.id } })).toBe(10_000);
      expect(await prisma.message.count({ where: { orgId: shop.id, text: '【测试】您的验证码是 1234' } })).toBe(10_000);
    });

    it('refuses a prepaid batch the balance cannot cover and leaves nothing behind', async () => {
      const shop = await org(104n);
      const before = await counts(shop.id);
      const outcome = await storeIntake(
        pool,
        batch(shop.id, [message('13800138000'), message('13900139000', 35n)], { clientRef: 'x' }),
      );
      expect(outcome).toEqual({
        kind: 'refused',
        billingMode: 'prepaid',
        needed: 105n,
        balance: 104n,
        reserved: 0n,
        creditLimit: 0n,
      });
      expect(await counts(shop.id)).toEqual(before);
      expect(before).toEqual({ campaigns: 0, messages: 0, ledger: 0, balance: 104n });
      // The client_ref was not used up by the refused call.
      expect(await findIntakeByClientRef(pool, shop.id, 'x')).toBeNull();
    });

    it('charges exactly the balance (prepaid reaches zero, never below)', async () => {
      const shop = await org(105n);
      const outcome = await storeIntake(pool, batch(shop.id, [message('13800138000'), message('13900139000', 35n)]));
      expect(outcome).toMatchObject({ kind: 'stored', balanceAfter: 0n });
    });

    const postpaidCases = [
      { name: 'within the credit limit', balance: 0n, creditLimit: 100n, price: 100n, stored: true },
      { name: 'past the credit limit', balance: 0n, creditLimit: 100n, price: 105n, stored: false },
      { name: 'already owing, still within', balance: -50n, creditLimit: 100n, price: 35n, stored: true },
    ];
    it.each(postpaidCases)('postpaid: $name', async ({ balance, creditLimit, price, stored }) => {
      const agency = await org(balance, 'postpaid', platformId, creditLimit);
      const outcome = await storeIntake(pool, batch(agency.id, [message('13800138000', price)]));
      if (stored) expect(outcome).toMatchObject({ kind: 'stored', balanceAfter: balance - price });
      else
        expect(outcome).toEqual({
          kind: 'refused',
          billingMode: 'postpaid',
          needed: price,
          balance,
          reserved: 0n,
          creditLimit,
        });
    });

    it('answers duplicate for a client_ref already stored, without charging again', async () => {
      const shop = await org(1_000n);
      const first = await storeIntake(pool, batch(shop.id, [message('13800138000')], { clientRef: 'dup' }));
      expect(first.kind).toBe('stored');
      expect(await storeIntake(pool, batch(shop.id, [message('13800138000')], { clientRef: 'dup' }))).toEqual({
        kind: 'duplicate',
      });
      expect(await counts(shop.id)).toMatchObject({ campaigns: 1, messages: 1, ledger: 1, balance: 930n });
      // Another org may use the same client_ref.
      const other = await org(1_000n);
      expect((await storeIntake(pool, batch(other.id, [message('13800138000')], { clientRef: 'dup' }))).kind).toBe(
        'stored',
      );
    });

    it('lets only one of two concurrent calls with one client_ref store anything', async () => {
      const shop = await org(1_000n);
      const calls = Array.from({ length: 4 }, () =>
        storeIntake(pool, batch(shop.id, [message('13800138000')], { clientRef: 'race' })),
      );
      const outcomes = await Promise.all(calls);
      expect(outcomes.filter((o) => o.kind === 'stored')).toHaveLength(1);
      expect(outcomes.filter((o) => o.kind === 'duplicate')).toHaveLength(3);
      expect(await counts(shop.id)).toMatchObject({ campaigns: 1, messages: 1, ledger: 1, balance: 930n });
    });

    it('never overdraws when concurrent calls of one org spend the same balance', async () => {
      const shop = await org(700n);
      const outcomes = await Promise.all(
        Array.from({ length: 4 }, () => storeIntake(pool, batch(shop.id, [message('13800138000', 350n)]))),
      );
      expect(outcomes.filter((o) => o.kind === 'stored')).toHaveLength(2);
      expect(outcomes.filter((o) => o.kind === 'refused')).toHaveLength(2);
      expect(await counts(shop.id)).toMatchObject({ campaigns: 2, messages: 2, ledger: 2, balance: 0n });
    });

    it('rolls back everything when a statement fails half-way, with the org in the error', async () => {
      const shop = await org(1_000n);
      const bad = { ...message('13800138000'), carrierCode: 'NOPE' }; // foreign key to carriers fails
      await expect(storeIntake(pool, batch(shop.id, [bad]))).rejects.toThrow(new RegExp(`org ${shop.id}`));
      expect(await counts(shop.id)).toEqual({ campaigns: 0, messages: 0, ledger: 0, balance: 1_000n });
    });
  });

  describe('findIntakeByClientRef', () => {
    it('gives back the stored call: messages in request order, rejections, hash', async () => {
      const shop = await org(1_000n);
      const rejections = [{ index: 0, to: 'x', reason: 'invalid_number', message: 'no digits' }];
      const outcome = await storeIntake(
        pool,
        batch(shop.id, [message('13800138000'), message('13900139000', 35n)], {
          clientRef: 'again',
          recipientCount: 3,
          rejections,
        }),
      );
      if (outcome.kind !== 'stored') throw new Error('not stored');
      const stored = await findIntakeByClientRef(pool, shop.id, 'again');
      expect(stored).toMatchObject({
        campaignId: outcome.campaignId,
        businessTypeCode: 'notification',
        requestHash: 'a'.repeat(64),
        recipientCount: 3,
        amount: 105n,
        rejections,
      });
      expect(stored?.messages.map((m) => [m.id, m.recipient, m.segmentCount, m.price])).toEqual([
        [outcome.messageIds[0], '13800138000', 2, 70n],
        [outcome.messageIds[1], '13900139000', 1, 35n],
      ]);
      expect(await findIntakeByClientRef(pool, shop.id, 'other')).toBeNull();
    });
  });

  describe('loadIntakeReferenceData', () => {
    it('applies the org contract price over the list price', async () => {
      const shop = await org(0n);
      const query = {
        orgId: shop.id,
        orgPath: [platformId, shop.id],
        businessTypeCode: 'notification',
        nationalNumbers: [],
        blacklistCandidates: [],
      };
      expect((await loadIntakeReferenceData(pool, query)).businessType).toMatchObject({
        code: 'notification',
        pricePerSegment: 35n,
        validitySeconds: 86_400,
      });
      await prisma.orgPrice.create({ data: { orgId: shop.id, businessTypeId: notificationId, pricePerSegment: 28n } });
      expect((await loadIntakeReferenceData(pool, query)).businessType?.pricePerSegment).toBe(28n);
    });

    it('knows no disabled or unknown business type', async () => {
      const shop = await org(0n);
      await prisma.businessType.create({
        data: {
          code: 'retired',
          name: 'retired',
          priority: 1,
          pricePerSegment: 1n,
          maxQueueWaitSeconds: 1,
          validitySeconds: 60,
          enabled: false,
        },
      });
      for (const code of ['retired', 'nonexistent']) {
        const data = await loadIntakeReferenceData(pool, {
          orgId: shop.id,
          orgPath: [shop.id],
          businessTypeCode: code,
          nationalNumbers: [],
          blacklistCandidates: [],
        });
        expect(data.businessType).toBeNull();
      }
    });

    it('loads portability for the asked numbers only, and the blacklist of the org, its ancestors and everyone', async () => {
      const parent = await org(0n);
      const child = await org(0n, 'prepaid', parent.id);
      const sibling = await org(0n, 'prepaid', parent.id);
      await prisma.numberPortability.createMany({
        data: [
          { number: '13800000001', carrierCode: 'CTCC' },
          { number: '13800000002', carrierCode: 'CUCC' },
        ],
      });
      await prisma.blacklistEntry.createMany({
        data: [
          { number: '13700000001', orgId: null },
          { number: '13700000002', orgId: parent.id },
          { number: '13700000003', orgId: child.id },
          { number: '13700000004', orgId: sibling.id },
          { number: '447400123001', orgId: null },
        ],
      });
      const data = await loadIntakeReferenceData(pool, {
        orgId: child.id,
        orgPath: [platformId, parent.id, child.id],
        businessTypeCode: 'notification',
        nationalNumbers: ['13800000001', '13800000009'],
        blacklistCandidates: [
          '13700000001',
          '13700000002',
          '13700000003',
          '13700000004',
          '447400123001',
          '13700000009',
        ],
      });
      expect([...data.portability]).toEqual([['13800000001', 'CTCC']]);
      expect([...data.blacklisted].sort()).toEqual(['13700000001', '13700000002', '13700000003', '447400123001']);
    });
  });
});
