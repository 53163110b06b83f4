import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../src/generated/prisma/client.js';
import { createPool } from '../src/pool.js';
import { createPrisma } from '../src/prisma.js';
import { seedBase } from '../src/seed/seed-base.js';
import { storeIntake, type IntakeBatch, type IntakeMessage, type IntakeOutcome } from '../src/store/intake.js';
import { IntakeCommitter, IntakeReferenceLoader } from '../src/store/intake-committer.js';
import { decideCharges, IntakeCommitUnknownError, type OrgFunds } from '../src/store/intake-group.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.js';
import { recordStatements } from './statement-log.js';

describe('decideCharges', () => {
  const prepaid = (balance: bigint, reserved = 0n): OrgFunds => ({
    billingMode: 'prepaid',
    balance,
    reserved,
    creditLimit: 0n,
  });
  const cases: {
    name: string;
    funds: OrgFunds;
    calls: { amount: bigint; hold?: boolean }[];
    want: (bigint | 'refused')[];
    totals: { charge: bigint; hold: bigint } | undefined;
  }[] = [
    {
      name: 'in order until the balance runs out, later calls that still fit go through',
      funds: prepaid(700n),
      calls: [{ amount: 350n }, { amount: 500n }, { amount: 350n }, { amount: 1n }],
      want: [350n, 'refused', 0n, 'refused'],
      totals: { charge: 700n, hold: 0n },
    },
    {
      name: 'holds count against what can be spent but leave the balance',
      funds: prepaid(100n, 10n),
      calls: [
        { amount: 40n, hold: true },
        { amount: 40n, hold: true },
        { amount: 20n },
        { amount: 10n },
        { amount: 1n, hold: true },
      ],
      want: [100n, 100n, 'refused', 90n, 'refused'],
      totals: { charge: 10n, hold: 80n },
    },
    {
      name: 'postpaid: down to minus the credit limit',
      funds: { billingMode: 'postpaid', balance: 0n, reserved: 0n, creditLimit: 100n },
      calls: [{ amount: 60n }, { amount: 60n }, { amount: 40n }],
      want: [-60n, 'refused', -100n],
      totals: { charge: 100n, hold: 0n },
    },
    {
      name: 'nothing to pay is always taken, even with nothing to spend',
      funds: prepaid(0n),
      calls: [{ amount: 0n }, { amount: 1n }],
      want: [0n, 'refused'],
      totals: undefined,
    },
  ];
  it.each(cases)('$name', ({ funds, calls, want, totals }) => {
    const plan = decideCharges(
      new Map([[1n, funds]]),
      calls.map((call) => ({ orgId: 1n, amount: call.amount, hold: call.hold ?? false })),
    );
    expect(plan.decisions.map((d) => (d.kind === 'charged' ? d.balanceAfter : d.kind))).toEqual(want);
    expect(plan.totals.get(1n)).toEqual(totals);
  });

  it('reports a refusal with the org as that call finds it, after the calls before it', () => {
    const plan = decideCharges(new Map([[1n, prepaid(100n)]]), [
      { orgId: 1n, amount: 30n, hold: true },
      { orgId: 1n, amount: 50n, hold: false },
      { orgId: 1n, amount: 30n, hold: false },
    ]);
    expect(plan.decisions[2]).toEqual({ kind: 'refused', funds: prepaid(50n, 30n) });
  });
});

describe('intake committer', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let pool: pg.Pool;
  let platformId: bigint;
  let notificationId: bigint;
  let onDeliveryId: bigint;
  /** Every statement sent on a pooled connection, in order. */
  const statements: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrisma(db.url);
    pool = createPool(db.url, { max: 4 });
    recordStatements(pool, { statements });
    const base = await seedBase(prisma);
    platformId = base.platform.id;
    notificationId = base.businessTypes.find((type) => type.code === 'notification')?.id ?? 0n;
    const onDelivery = await prisma.businessType.create({
      data: {
        code: 'on-delivery',
        name: 'on delivery',
        priority: 50,
        pricePerSegment: 40n,
        maxQueueWaitSeconds: 60,
        validitySeconds: 3_600,
        chargeBasis: 'delivered',
      },
    });
    onDeliveryId = onDelivery.id;
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
    creditLimit = 0n,
    parentId = platformId,
  ) =>
    prisma.org.create({
      data: { parentId, kind: 'enterprise', name: `org ${++orgSequence}`, billingMode, balance, creditLimit },
    });

  let numbers = 0;
  const message = (price = 70n, overrides: Partial<IntakeMessage> = {}): IntakeMessage => ({
    recipient: `1380013${String(++numbers).padStart(4, '0')}`,
    carrierCode: 'CMCC',
    text: `【测试】您的验证码是 ${numbers}`,
    encoding: 'ucs2',
    segmentCount: Number(price / 35n) || 1,
    price,
    ...overrides,
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
    extension: null,
    recipientCount: messages.length,
    rejections: [],
    messages,
    ...overrides,
  });

  /** Calls stored concurrently (all handed over in one turn), and the COMMITs they took. */
  async function storeTogether(
    committer: IntakeCommitter,
    batches: IntakeBatch[],
  ): Promise<{ outcomes: PromiseSettledResult<IntakeOutcome>[]; commits: number }> {
    statements.length = 0;
    const outcomes = await Promise.allSettled(batches.map((b) => committer.store(b)));
    return { outcomes, commits: statements.filter((sql) => sql === 'COMMIT').length };
  }

  const stored = (result: PromiseSettledResult<IntakeOutcome> | undefined) => {
    if (result?.status !== 'fulfilled' || result.value.kind !== 'stored') {
      throw new Error(
        `not stored: ${JSON.stringify(result, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`,
      );
    }
    return result.value;
  };
  const kinds = (outcomes: PromiseSettledResult<IntakeOutcome>[]) =>
    outcomes.map((o) => (o.status === 'fulfilled' ? o.value.kind : 'failed'));

  const ledgerOf = async (orgId: bigint) =>
    (await prisma.ledgerEntry.findMany({ where: { orgId }, orderBy: { id: 'asc' } })).map((entry) => ({
      amount: entry.amount,
      balanceAfter: entry.balanceAfter,
      campaignId: entry.campaignId,
    }));
  const counts = async (orgId: bigint) => {
    const row = await prisma.org.findUniqueOrThrow({ where: { id: orgId } });
    return {
      campaigns: await prisma.campaign.count({ where: { orgId } }),
      messages: await prisma.message.count({ where: { orgId } }),
      ledger: await prisma.ledgerEntry.count({ where: { orgId } }),
      balance: row.balance,
      reserved: row.reserved,
    };
  };

  it('stores concurrent calls of several orgs in one transaction, ids in call and request order', async () => {
    const committer = new IntakeCommitter(pool);
    const orgs = await Promise.all([org(10_000n), org(10_000n), org(10_000n)]);
    const batches = Array.from({ length: 8 }, (_, i) => {
      const orgId = (orgs[i % 3] as { id: bigint }).id;
      return batch(orgId, [message(70n), ...(i % 2 === 0 ? [message(35n)] : [])], { clientRef: `call-${i}` });
    });
    const { outcomes, commits } = await storeTogether(committer, batches);
    expect(commits).toBe(1);
    expect(kinds(outcomes)).toEqual(Array(8).fill('stored'));

    const all = outcomes.map(stored);
    // One INSERT handed out the ids: call after call, each call's in its request order.
    const ids = all.flatMap((outcome) => outcome.messageIds);
    expect(ids).toEqual([...ids].sort((a, b) => (a < b ? -1 : 1)));
    for (const [i, outcome] of all.entries()) {
      const rows = await prisma.message.findMany({ where: { campaignId: outcome.campaignId }, orderBy: { id: 'asc' } });
      expect(rows.map((row) => row.id)).toEqual(outcome.messageIds);
      expect(rows.map((row) => [row.orgId, row.recipient, row.price])).toEqual(
        batches[i]?.messages.map((m) => [batches[i]?.orgId, m.recipient, m.price]),
      );
      const campaign = await prisma.campaign.findUniqueOrThrow({ where: { id: outcome.campaignId } });
      expect(campaign).toMatchObject({ clientRef: `call-${i}`, amount: outcome.amount, status: 'sending' });
    }
    // Per org: a ledger row per call, the balance after each in call order.
    for (const [n, { id }] of orgs.entries()) {
      const mine = all.filter((_, i) => i % 3 === n);
      let balance = 10_000n;
      const want = mine.map((outcome) => {
        balance -= outcome.amount;
        expect(outcome.balanceAfter).toBe(balance);
        return { amount: -outcome.amount, balanceAfter: balance, campaignId: outcome.campaignId };
      });
      expect(await ledgerOf(id)).toEqual(want);
      expect((await counts(id)).balance).toBe(balance);
    }
  });

  it('stores each call of a group as storeIntake stores it alone', async () => {
    const later = new Date(Date.now() + 86_400_000);
    const shapes = (): Partial<IntakeBatch>[] => [
      {
        clientRef: 'shape-1',
        commonText: 'common',
        extension: '8001',
        recipientCount: 3,
        rejections: [{ index: 1, to: '12', reason: 'invalid_number', message: 'too "short"' }],
        name: 'API shape-1',
      },
      { sendAt: later, expiresAt: new Date(later.getTime() + 3_600_000) },
      { kind: 'group', recipientCount: 2, rejections: [{ index: 0, to: 'x', reason: 'blacklisted', message: 'no' }] },
      { businessTypeId: onDeliveryId },
      {},
    ];
    const messagesOf = (i: number) =>
      i === 2 ? [] : [message(70n, { recipient: `1370000000${i}`, text: 'same' }), message(35n)];
    const alone = await org(10_000n);
    const together = await org(10_000n);
    const firstNumber = numbers;
    const soloOutcomes: IntakeOutcome[] = [];
    for (const [i, shape] of shapes().entries()) {
      soloOutcomes.push(await storeIntake(pool, batch(alone.id, messagesOf(i), shape)));
    }
    numbers = firstNumber; // the same recipients again
    const group = await storeTogether(
      new IntakeCommitter(pool),
      shapes().map((shape, i) => batch(together.id, messagesOf(i), shape)),
    );
    expect(group.commits).toBe(1);

    const picture = async (outcomes: IntakeOutcome[]) =>
      Promise.all(
        outcomes.map(async (outcome) => {
          if (outcome.kind !== 'stored') return outcome;
          const {
            id,
            orgId: _org,
            createdAt: _created,
            updatedAt: _updated,
            completedAt,
            ...campaign
          } = await prisma.campaign.findUniqueOrThrow({ where: { id: outcome.campaignId } });
          const messages = await prisma.message.findMany({ where: { campaignId: id }, orderBy: { id: 'asc' } });
          const ledger = await prisma.ledgerEntry.findMany({ where: { campaignId: id } });
          return {
            outcome: { ...outcome, campaignId: 0n, messageIds: outcome.messageIds.length },
            campaign: { ...campaign, completed: completedAt !== null },
            messages: messages.map(({ id: _id, campaignId: _c, orgId: _o, createdAt: _t, ...rest }) => rest),
            ledger: ledger.map((entry) => [entry.kind, entry.amount, entry.balanceAfter, entry.note]),
          };
        }),
      );
    const solo = await picture(soloOutcomes);
    const grouped = await picture(
      group.outcomes.map((o) => (o.status === 'fulfilled' ? o.value : { kind: 'duplicate' })),
    );
    expect(grouped).toEqual(solo);
    expect(solo.map((s) => ('campaign' in s ? s.campaign.status : s.kind))).toEqual([
      'sending',
      'scheduled',
      'completed',
      'sending',
      'sending',
    ]);
    expect(await counts(together.id)).toEqual(await counts(alone.id));
  });

  it('refuses only the calls an org cannot pay for, in call order, and stores nothing of them', async () => {
    const committer = new IntakeCommitter(pool);
    const shop = await org(700n);
    const agency = await org(0n, 'postpaid', 100n);
    const other = await org(1_000n);
    const { outcomes, commits } = await storeTogether(committer, [
      batch(shop.id, [message(350n)]),
      batch(agency.id, [message(60n)]),
      batch(shop.id, [message(350n), message(140n)], { clientRef: 'too-much' }),
      batch(other.id, [message(70n)]),
      batch(agency.id, [message(60n)]),
      batch(shop.id, [message(350n)]),
      batch(agency.id, [message(40n)]),
      batch(shop.id, [message(35n)]),
    ]);
    expect(commits).toBe(1);
    expect(kinds(outcomes)).toEqual([
      'stored',
      'stored',
      'refused',
      'stored',
      'refused',
      'stored',
      'stored',
      'refused',
    ]);
    expect(outcomes[2]).toEqual({
      status: 'fulfilled',
      value: { kind: 'refused', billingMode: 'prepaid', needed: 490n, balance: 350n, reserved: 0n, creditLimit: 0n },
    });
    expect(outcomes[4]).toEqual({
      status: 'fulfilled',
      value: { kind: 'refused', billingMode: 'postpaid', needed: 60n, balance: -60n, reserved: 0n, creditLimit: 100n },
    });
    expect(outcomes[7]).toMatchObject({ value: { kind: 'refused', needed: 35n, balance: 0n } });

    expect(await counts(shop.id)).toEqual({ campaigns: 2, messages: 2, ledger: 2, balance: 0n, reserved: 0n });
    expect((await ledgerOf(shop.id)).map((e) => [e.amount, e.balanceAfter])).toEqual([
      [-350n, 350n],
      [-350n, 0n],
    ]);
    expect(await counts(agency.id)).toEqual({ campaigns: 2, messages: 2, ledger: 2, balance: -100n, reserved: 0n });
    expect((await counts(other.id)).balance).toBe(930n);
    // A refused call's client_ref was not used up.
    expect(await prisma.campaign.count({ where: { clientRef: 'too-much' } })).toBe(0);
    const retry = await committer.store(batch(shop.id, [message(0n)], { clientRef: 'too-much' }));
    expect(retry.kind).toBe('stored');
  });

  it('lets one of a group’s calls with the same client_ref store, and one already stored stays', async () => {
    const committer = new IntakeCommitter(pool);
    const shop = await org(10_000n);
    const earlier = await committer.store(batch(shop.id, [message()], { clientRef: 'old' }));
    expect(earlier.kind).toBe('stored');
    const { outcomes, commits } = await storeTogether(committer, [
      batch(shop.id, [message()], { clientRef: 'a' }),
      batch(shop.id, [message()], { clientRef: 'a' }),
      batch(shop.id, [message()], { clientRef: 'old' }),
      batch(shop.id, [message()]),
      batch(shop.id, [message()], { clientRef: 'a' }),
      batch(shop.id, [message()]),
    ]);
    expect(commits).toBe(1);
    expect(kinds(outcomes)).toEqual(['stored', 'duplicate', 'duplicate', 'stored', 'duplicate', 'stored']);
    expect(await counts(shop.id)).toMatchObject({ campaigns: 4, messages: 4, ledger: 4, balance: 10_000n - 4n * 70n });
    expect(await prisma.campaign.count({ where: { orgId: shop.id, clientRef: 'a' } })).toBe(1);
  });

  it('gives the client_ref to a later call of the group when the first with it is refused', async () => {
    const committer = new IntakeCommitter(pool);
    const shop = await org(100n);
    const { outcomes } = await storeTogether(committer, [
      batch(shop.id, [message(70n)]),
      batch(shop.id, [message(70n)], { clientRef: 'b' }),
      batch(shop.id, [message(30n)], { clientRef: 'b' }),
    ]);
    expect(kinds(outcomes)).toEqual(['stored', 'refused', 'stored']);
    expect(stored(outcomes[2]).balanceAfter).toBe(0n);
    expect(await counts(shop.id)).toEqual({ campaigns: 2, messages: 2, ledger: 2, balance: 0n, reserved: 0n });
  });

  it('fails only the call whose values do not store; the rest of its group is stored', async () => {
    const failures: number[] = [];
    const committer = new IntakeCommitter(pool, { onGroupFailure: (_, calls) => failures.push(calls) });
    const shop = await org(1_000n);
    const poisoned = await org(1_000n);
    const { outcomes } = await storeTogether(committer, [
      batch(shop.id, [message()]),
      batch(shop.id, [message()], { clientRef: 'c' }),
      batch(poisoned.id, [message(70n, { carrierCode: 'NOPE' })]), // foreign key to carriers fails
      batch(shop.id, [message()]),
    ]);
    expect(failures).toEqual([4]);
    expect(kinds(outcomes)).toEqual(['stored', 'stored', 'failed', 'stored']);
    const failed = outcomes[2];
    expect(failed?.status === 'rejected' ? String(failed.reason) : '').toMatch(new RegExp(`org ${poisoned.id}`));
    expect(await counts(shop.id)).toEqual({ campaigns: 3, messages: 3, ledger: 3, balance: 790n, reserved: 0n });
    expect(await counts(poisoned.id)).toEqual({ campaigns: 0, messages: 0, ledger: 0, balance: 1_000n, reserved: 0n });
  });

  it('does not store a group again when its COMMIT got no answer', async () => {
    // A pool whose first COMMIT reaches the server but whose answer is lost on the way back.
    const lossy = createPool(db.url, { max: 2 });
    let lose = true;
    lossy.on('connect', (client) => {
      const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
      (client as { query: unknown }).query = (...args: unknown[]) => {
        const result = query(...args);
        if (args[0] !== 'COMMIT' || !lose) return result;
        lose = false;
        return result.then(() => Promise.reject(new Error('Connection terminated unexpectedly')));
      };
    });
    try {
      const failures: unknown[] = [];
      const committer = new IntakeCommitter(lossy, { onGroupFailure: (error) => failures.push(error) });
      const shop = await org(1_000n);
      const outcomes = await Promise.allSettled([1, 2, 3].map(() => committer.store(batch(shop.id, [message()]))));
      expect(outcomes.map((o) => (o.status === 'rejected' ? o.reason : o.value))).toEqual(
        Array(3).fill(expect.any(IntakeCommitUnknownError)),
      );
      expect(failures).toHaveLength(1);
      // Committed once; storing the calls again would have stored them twice.
      expect(await counts(shop.id)).toEqual({ campaigns: 3, messages: 3, ledger: 3, balance: 790n, reserved: 0n });
    } finally {
      await lossy.end();
    }
  });

  it('holds the price of a type charged on delivery, and counts holds against later calls', async () => {
    const committer = new IntakeCommitter(pool);
    const shop = await org(100n);
    const onDelivery = { businessTypeId: onDeliveryId };
    const { outcomes, commits } = await storeTogether(committer, [
      batch(shop.id, [message(40n)], onDelivery),
      batch(shop.id, [message(40n)], onDelivery),
      batch(shop.id, [message(40n)], onDelivery),
      batch(shop.id, [message(20n)]),
    ]);
    expect(commits).toBe(1);
    expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value : o.reason))).toEqual([
      expect.objectContaining({ kind: 'stored', chargeBasis: 'delivered', balanceAfter: 100n }),
      expect.objectContaining({ kind: 'stored', chargeBasis: 'delivered', balanceAfter: 100n }),
      { kind: 'refused', billingMode: 'prepaid', needed: 40n, balance: 100n, reserved: 80n, creditLimit: 0n },
      expect.objectContaining({ kind: 'stored', chargeBasis: 'accepted', balanceAfter: 80n }),
    ]);
    expect(await counts(shop.id)).toEqual({ campaigns: 3, messages: 3, ledger: 1, balance: 80n, reserved: 80n });
    expect(await ledgerOf(shop.id)).toEqual([
      { amount: -20n, balanceAfter: 80n, campaignId: stored(outcomes[3]).campaignId },
    ]);
  });

  it('caps a group by its messages, and stores a call of the cap or more alone', async () => {
    const committer = new IntakeCommitter(pool, { maxGroupMessages: 4 });
    const shop = await org(100_000n);
    const { outcomes, commits } = await storeTogether(committer, [
      ...Array.from({ length: 6 }, () => batch(shop.id, [message(), message()])),
      batch(shop.id, [message(), message(), message(), message(), message()]),
    ]);
    expect(kinds(outcomes)).toEqual(Array(7).fill('stored'));
    // Three groups of two calls, and the big call on its own.
    expect(commits).toBe(4);
    expect((await counts(shop.id)).messages).toBe(17);
  });

  it('stores a lone call at once, as storeIntake does', async () => {
    const committer = new IntakeCommitter(pool);
    const shop = await org(1_000n);
    statements.length = 0;
    expect((await committer.store(batch(shop.id, [message()]))).kind).toBe('stored');
    // BEGIN, campaign, messages, charge + ledger, COMMIT.
    expect(statements).toHaveLength(5);
  });

  it('never overdraws when two committers (two processes) charge one org at the same time', async () => {
    const first = new IntakeCommitter(pool);
    const second = new IntakeCommitter(pool);
    const shop = await org(1_000n);
    const outcomes = await Promise.all(
      Array.from({ length: 24 }, (_, i) => (i % 2 === 0 ? first : second).store(batch(shop.id, [message(100n)]))),
    );
    expect(outcomes.filter((o) => o.kind === 'stored')).toHaveLength(10);
    expect(outcomes.filter((o) => o.kind === 'refused')).toHaveLength(14);
    expect(await counts(shop.id)).toEqual({ campaigns: 10, messages: 10, ledger: 10, balance: 0n, reserved: 0n });
    const ledger = await ledgerOf(shop.id);
    expect(ledger.map((e) => e.balanceAfter)).toEqual(Array.from({ length: 10 }, (_, i) => 900n - 100n * BigInt(i)));
  });

  it('reads reference data of concurrent calls with one query each, exact per call', async () => {
    const loader = new IntakeReferenceLoader(pool);
    const parent = await org(0n);
    const a = await org(0n, 'prepaid', 0n, parent.id);
    const b = await org(0n);
    await prisma.orgPrice.create({ data: { orgId: a.id, businessTypeId: notificationId, pricePerSegment: 28n } });
    await prisma.numberPortability.createMany({
      data: [
        { number: '13500000001', carrierCode: 'CTCC' },
        { number: '13500000002', carrierCode: 'CUCC' },
      ],
    });
    await prisma.blacklistEntry.createMany({
      data: [
        { number: '13600000001', orgId: null },
        { number: '13600000002', orgId: parent.id },
        { number: '13600000003', orgId: b.id },
      ],
    });
    const candidates = ['13600000001', '13600000002', '13600000003', '13600000004'];
    statements.length = 0;
    const [ofA, ofB, unknown] = await Promise.all([
      loader.load({
        orgId: a.id,
        orgPath: [platformId, parent.id, a.id],
        businessTypeCode: 'notification',
        nationalNumbers: ['13500000001'],
        blacklistCandidates: candidates,
      }),
      loader.load({
        orgId: b.id,
        orgPath: [platformId, b.id],
        businessTypeCode: 'notification',
        nationalNumbers: ['13500000002', '13500000009'],
        blacklistCandidates: candidates,
      }),
      loader.load({
        orgId: b.id,
        orgPath: [platformId, b.id],
        businessTypeCode: 'nonexistent',
        nationalNumbers: [],
        blacklistCandidates: [],
      }),
    ]);
    expect(statements).toHaveLength(3);
    expect(ofA?.businessType?.pricePerSegment).toBe(28n);
    expect(ofB?.businessType?.pricePerSegment).toBe(35n);
    expect(unknown?.businessType).toBeNull();
    expect([...(ofA?.portability ?? [])]).toEqual([['13500000001', 'CTCC']]);
    expect([...(ofB?.portability ?? [])]).toEqual([['13500000002', 'CUCC']]);
    expect([...(ofA?.blacklisted ?? [])].sort()).toEqual(['13600000001', '13600000002']);
    expect([...(ofB?.blacklisted ?? [])].sort()).toEqual(['13600000001', '13600000003']);
  });
});
