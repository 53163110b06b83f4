import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { withDatabase } from '../src/database-url.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.js';

async function scalar<T>(url: string, sql: string, params: unknown[] = []): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const row = (await client.query<{ v: T }>(sql, params)).rows[0];
    if (row === undefined) throw new Error(`no row from ${sql}`);
    return row.v;
  } finally {
    await client.end();
  }
}

describe('createTestDatabase', () => {
  const made: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of made) await db.drop();
  });

  it('gives each caller its own migrated database', async () => {
    const [a, b] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    made.push(a, b);
    expect(a.name).not.toBe(b.name);
    expect(a.name).toMatch(/^smshub_test_\d+_\d+_\d+_[0-9a-f]{6}$/);
    expect(a.name).toContain(`_${process.pid}_`);
    for (const db of [a, b]) {
      expect(await scalar<string>(db.url, 'SELECT current_database() AS v')).toBe(db.name);
      expect(await scalar<string>(db.url, "SELECT to_regclass('public.messages')::text AS v")).toBe('messages');
      expect(
        await scalar<number>(db.url, 'SELECT count(*)::int AS v FROM _prisma_migrations WHERE finished_at IS NOT NULL'),
      ).toBeGreaterThan(0);
    }
    // Separate databases: a row in one is not in the other.
    await scalar(a.url, "INSERT INTO carriers (code, name) VALUES ('XX', 'test') RETURNING 1 AS v");
    expect(await scalar<number>(b.url, "SELECT count(*)::int AS v FROM carriers WHERE code = 'XX'")).toBe(0);
  });

  it('gives an empty database when asked', async () => {
    const db = await createTestDatabase({ empty: true });
    made.push(db);
    expect(await scalar<number>(db.url, "SELECT count(*)::int AS v FROM pg_tables WHERE schemaname = 'public'")).toBe(
      0,
    );
  });

  it('clones a template that is closed to connections (CREATE DATABASE … TEMPLATE needs it idle)', async () => {
    const db = await createTestDatabase();
    made.push(db);
    const templates = await scalar<{ datname: string; datallowconn: boolean }[]>(
      withDatabase(db.url, 'postgres'),
      "SELECT coalesce(json_agg(json_build_object('datname', datname, 'datallowconn', datallowconn)), '[]') AS v FROM pg_database WHERE starts_with(datname, 'smshub_template_')",
    );
    expect(templates.length).toBeGreaterThanOrEqual(1);
    for (const template of templates) {
      expect(template.datname).toMatch(/^smshub_template_[0-9a-f]{16}$/);
      expect(template.datallowconn).toBe(false);
    }
  });

  it('drops the database, even with connections still open', async () => {
    const db = await createTestDatabase({ empty: true });
    const lingering = new pg.Client({ connectionString: db.url });
    await lingering.connect();
    lingering.on('error', () => {}); // the forced drop terminates it; that is the point
    await db.drop();
    expect(
      await scalar<number>(
        withDatabase(db.url, 'postgres'),
        'SELECT count(*)::int AS v FROM pg_database WHERE datname = $1',
        [db.name],
      ),
    ).toBe(0);
    await lingering.end().catch(() => {});
  });
});
