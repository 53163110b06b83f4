import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../src/generated/prisma/client.js';
import { createPool } from '../src/pool.js';
import { createPrisma } from '../src/prisma.js';
import { seedBase } from '../src/seed/seed-base.js';
import { storeIntake, type IntakeMessage } from '../src/store/intake.js';
import { findVisibleCampaign, findVisibleMessage, listVisibleMessages } from '../src/store/messages-read.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.js';

/**
 * The tree: platform → parent → child, and parent's sibling. Each of parent, child and sibling
 * has one campaign of three messages.
 */
describe('messages and campaigns as a customer sees them', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let pool: pg.Pool;
  const ids = {} as Record<'platform' | 'parent' | 'child' | 'sibling', bigint>;
  const campaigns = {} as Record<'parent' | 'child' | 'sibling', { campaignId: bigint; messageIds: readonly bigint[] }>;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrisma(db.url);
    pool = createPool(db.url, { max: 2 });
    const base = await seedBase(prisma);
    const notification = base.businessTypes.find((type) => type.code === 'notification');
    if (notification === undefined) throw new Error('no notification business type');
    ids.platform = base.platform.id;
    const create = async (name: string, parentId: bigint) =>
      (
        await prisma.org.create({
          data: { parentId, kind: 'enterprise', name, billingMode: 'postpaid', creditLimit: 1_000n },
        })
      ).id;
    ids.parent = await create('parent', ids.platform);
    ids.child = await create('child', ids.parent);
    ids.sibling = await create('sibling', ids.platform);
    const message = (recipient: string): IntakeMessage => ({
      recipient,
      carrierCode: 'CMCC',
      text: 'hi',
      encoding: 'ucs2',
      segmentCount: 1,
      price: 35n,
    });
    for (const owner of ['parent', 'child', 'sibling'] as const) {
      const outcome = await storeIntake(pool, {
        orgId: ids[owner],
        businessTypeId: notification.id,
        clientRef: null,
        requestHash: '0'.repeat(64),
        name: owner,
        commonText: 'hi',
        sendAt: new Date('2026-01-01T00:00:00Z'),
        expiresAt: new Date('2026-01-02T00:00:00Z'),
        extension: null,
        recipientCount: 4,
        rejections: [{ index: 3, to: '1', reason: 'invalid_number', message: 'short' }],
        messages: [message('13800000001'), message('13800000002'), message('13800000003')],
      });
      if (outcome.kind !== 'stored') throw new Error(`${owner}: ${outcome.kind}`);
      campaigns[owner] = outcome;
    }
  });

  afterAll(async () => {
    await pool?.end();
    await prisma?.$disconnect();
    await db?.drop();
  });

  const visibility = [
    { viewer: 'parent', owner: 'parent', sees: true },
    { viewer: 'parent', owner: 'child', sees: true },
    { viewer: 'child', owner: 'child', sees: true },
    { viewer: 'child', owner: 'parent', sees: false },
    { viewer: 'sibling', owner: 'parent', sees: false },
    { viewer: 'sibling', owner: 'child', sees: false },
    { viewer: 'platform', owner: 'child', sees: true },
  ] as const;

  it.each(visibility)('$viewer sees a message of $owner: $sees', async ({ viewer, owner, sees }) => {
    const id = campaigns[owner].messageIds[0] as bigint;
    const found = await findVisibleMessage(pool, ids[viewer], id);
    if (sees)
      expect(found).toMatchObject({
        id,
        orgId: ids[owner],
        businessTypeCode: 'notification',
        status: 'accepted',
        price: 35n,
      });
    else expect(found).toBeNull();
  });

  it.each(visibility)('$viewer sees a campaign of $owner: $sees', async ({ viewer, owner, sees }) => {
    const found = await findVisibleCampaign(pool, ids[viewer], campaigns[owner].campaignId);
    if (sees) {
      expect(found).toMatchObject({
        orgId: ids[owner],
        kind: 'api',
        recipientCount: 4,
        rejectedCount: 1,
        amount: 105n,
      });
      expect(found?.statusCounts).toEqual({ accepted: 3 });
    } else expect(found).toBeNull();
  });

  it('counts a campaign by status', async () => {
    const [first, second] = campaigns.child.messageIds;
    await prisma.message.update({ where: { id: first as bigint }, data: { status: 'delivered' } });
    await prisma.message.update({ where: { id: second as bigint }, data: { status: 'failed' } });
    expect((await findVisibleCampaign(pool, ids.child, campaigns.child.campaignId))?.statusCounts).toEqual({
      accepted: 1,
      delivered: 1,
      failed: 1,
    });
    await prisma.message.updateMany({
      where: { campaignId: campaigns.child.campaignId },
      data: { status: 'accepted' },
    });
  });

  it('does not find what does not exist', async () => {
    expect(await findVisibleMessage(pool, ids.platform, 999_999_999n)).toBeNull();
    expect(await findVisibleCampaign(pool, ids.platform, 999_999_999n)).toBeNull();
  });

  it('lists the subtree newest first, page by page, and filters', async () => {
    const all = await listVisibleMessages(pool, ids.parent, { limit: 100 });
    const expected = [...campaigns.parent.messageIds, ...campaigns.child.messageIds].sort((a, b) => (a < b ? 1 : -1));
    expect(all.map((m) => m.id)).toEqual(expected);

    const pages: bigint[][] = [];
    let after: { createdAt: Date; id: bigint } | undefined;
    for (;;) {
      const page = await listVisibleMessages(pool, ids.parent, { limit: 4, ...(after ? { after } : {}) });
      if (page.length === 0) break;
      pages.push(page.map((m) => m.id));
      const last = page[page.length - 1];
      if (last === undefined) break;
      after = { createdAt: last.createdAt, id: last.id };
    }
    expect(pages.map((page) => page.length)).toEqual([4, 2]);
    expect(pages.flat()).toEqual(expected);

    expect((await listVisibleMessages(pool, ids.sibling, { limit: 100 })).map((m) => m.id).sort()).toEqual(
      [...campaigns.sibling.messageIds].sort(),
    );
    expect(
      (await listVisibleMessages(pool, ids.parent, { limit: 100, campaignId: campaigns.child.campaignId })).length,
    ).toBe(3);
    expect(
      (await listVisibleMessages(pool, ids.parent, { limit: 100, campaignId: campaigns.sibling.campaignId })).length,
    ).toBe(0);
    expect((await listVisibleMessages(pool, ids.parent, { limit: 100, recipient: '13800000002' })).length).toBe(2);
    expect((await listVisibleMessages(pool, ids.parent, { limit: 100, status: 'delivered' })).length).toBe(0);
    expect((await listVisibleMessages(pool, ids.parent, { limit: 100, status: 'accepted' })).length).toBe(6);
  });
});
