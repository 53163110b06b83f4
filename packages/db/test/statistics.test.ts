import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeStaleTables, createPool, createPrisma, seedBase } from '../src/index.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.js';

/*
 * The hot tables' statistics where autovacuum does not keep them (this machine's server runs
 * with it off; here it is turned off for the tables themselves, so the test means the same on
 * any server).
 */

let db: TestDatabase;
let pool: ReturnType<typeof createPool>;

beforeAll(async () => {
  db = await createTestDatabase();
  pool = createPool(db.url, { max: 2 });
  const prisma = createPrisma(db.url);
  try {
    const { platform, businessTypes } = await seedBase(prisma);
    await pool.query(`ALTER TABLE messages SET (autovacuum_enabled = false)`);
    await pool.query(`ALTER TABLE segments SET (autovacuum_enabled = false)`);
    await pool.query(
      `INSERT INTO messages (org_id, business_type_id, recipient, text, encoding, segment_count, expires_at)
       SELECT $1, $2, (13800000000 + g)::text, 'hello', 'gsm7', 1, now() + interval '1 hour' FROM generate_series(1, 500) g`,
      [platform.id, businessTypes[0]!.id],
    );
  } finally {
    await prisma.$disconnect();
  }
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

const reltuples = async (table: string) =>
  (await pool.query<{ n: number }>(`SELECT reltuples::int AS n FROM pg_class WHERE oid = $1::regclass`, [table]))
    .rows[0]!.n;

describe('analyzeStaleTables', () => {
  it('analyzes a hot table that changed since its last ANALYZE, then leaves it until it changes again', async () => {
    // The migrated template was analyzed empty.
    expect(await reltuples('messages')).toBe(0);
    // The inserts reach the cumulative statistics within a second or so.
    await expect.poll(() => analyzeStaleTables(pool), { timeout: 20_000, interval: 250 }).toContain('messages');
    expect(await reltuples('messages')).toBe(500);
    const stats = await pool.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stats WHERE tablename = 'messages' AND attname = 'recipient'`,
    );
    expect(stats.rows[0]!.n).toBe(1);
    // Unchanged since (segments never had a row): nothing to do.
    expect(await analyzeStaleTables(pool)).toEqual([]);
  });
});
