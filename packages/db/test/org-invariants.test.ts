import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PrismaClient } from '../src/generated/prisma/client.js';
import { createPrisma } from '../src/prisma.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.js';

/** The invariants the database itself keeps on orgs: SQL-only additions of the init migration. */
describe('orgs', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let sql: pg.Client;

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrisma(db.url);
    sql = new pg.Client({ connectionString: db.url });
    await sql.connect();
  });

  afterAll(async () => {
    await sql?.end();
    await prisma?.$disconnect();
    await db?.drop();
  });

  const org = (name: string, parentId: bigint | null, billingMode: 'prepaid' | 'postpaid' = 'prepaid') =>
    prisma.org.create({ data: { name, parentId, kind: parentId === null ? 'platform' : 'enterprise', billingMode } });

  describe('balance', () => {
    it('a prepaid balance never goes below zero, by Prisma or by raw SQL', async () => {
      const root = await org('root', null, 'postpaid');
      const shop = await org('shop', root.id);
      await prisma.org.update({ where: { id: shop.id }, data: { balance: 100n } });

      await expect(
        prisma.org.update({ where: { id: shop.id }, data: { balance: { decrement: 101n } } }),
      ).rejects.toThrow(/orgs_prepaid_balance_check/);
      const rawCharge = sql.query('UPDATE orgs SET balance = balance - 101 WHERE id = $1', [shop.id]);
      await expect(rawCharge).rejects.toMatchObject({ code: '23514', constraint: 'orgs_prepaid_balance_check' });

      await prisma.org.update({ where: { id: shop.id }, data: { balance: { decrement: 100n } } });
      expect((await prisma.org.findUniqueOrThrow({ where: { id: shop.id } })).balance).toBe(0n);
    });

    it('a postpaid org may owe; it cannot become prepaid while it does', async () => {
      const root = await org('root-2', null, 'postpaid');
      const agency = await org('agency', root.id, 'postpaid');
      await prisma.org.update({ where: { id: agency.id }, data: { balance: -500n } });
      expect((await prisma.org.findUniqueOrThrow({ where: { id: agency.id } })).balance).toBe(-500n);
      await expect(prisma.org.update({ where: { id: agency.id }, data: { billingMode: 'prepaid' } })).rejects.toThrow(
        /orgs_prepaid_balance_check/,
      );
    });
  });

  describe('path', () => {
    it('is the ids from the root down to the org, set by the database on insert', async () => {
      const platform = await org('platform', null);
      const province = await org('province', platform.id);
      const city = await org('city', province.id);
      expect(platform.path).toEqual([platform.id]);
      expect(province.path).toEqual([platform.id, province.id]);
      expect(city.path).toEqual([platform.id, province.id, city.id]);

      const below = await prisma.org.findMany({ where: { path: { has: province.id } }, orderBy: { id: 'asc' } });
      expect(below.map((o) => o.name)).toEqual(['province', 'city']);
    });

    it('follows a move: the moved org and its whole subtree get the new path', async () => {
      const platform = await org('p', null);
      const north = await org('north', platform.id);
      const south = await org('south', platform.id);
      const city = await org('city', north.id);
      const county = await org('county', city.id);

      await prisma.org.update({ where: { id: city.id }, data: { parentId: south.id } });

      const paths = new Map(
        (await prisma.org.findMany({ where: { path: { has: platform.id } } })).map((o) => [o.name, o.path] as const),
      );
      expect(paths.get('city')).toEqual([platform.id, south.id, city.id]);
      expect(paths.get('county')).toEqual([platform.id, south.id, city.id, county.id]);
      expect(paths.get('north')).toEqual([platform.id, north.id]);
    });

    it('refuses a move below itself', async () => {
      const platform = await org('p2', null);
      const a = await org('a', platform.id);
      const b = await org('b', a.id);
      await expect(prisma.org.update({ where: { id: a.id }, data: { parentId: b.id } })).rejects.toThrow(
        `org ${a.id}: parent org ${b.id} is the org itself or below it`,
      );
      await expect(prisma.org.update({ where: { id: a.id }, data: { parentId: a.id } })).rejects.toThrow(
        /is the org itself or below it/,
      );
    });

    it('refuses a direct write, and a parent that does not exist', async () => {
      const platform = await org('p3', null);
      const a = await org('a3', platform.id);
      await expect(sql.query('UPDATE orgs SET path = $1 WHERE id = $2', [[a.id.toString()], a.id])).rejects.toThrow(
        `org ${a.id}: orgs.path is maintained by the database; change parent_id instead`,
      );
      // Writing the same path again is harmless and allowed.
      await sql.query('UPDATE orgs SET path = path WHERE id = $1', [a.id]);
      await expect(
        sql.query("INSERT INTO orgs (kind, name, parent_id) VALUES ('enterprise', 'orphan', 999999999)"),
      ).rejects.toMatchObject({ code: '23503', message: expect.stringMatching(/parent org 999999999 does not exist/) });
      await expect(org('orphan', 999_999_999n)).rejects.toThrow(/Foreign key constraint violated/);
    });
  });
});
