import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createPool } from '../src/pool.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.js';

describe('createPool', () => {
  let db: TestDatabase;
  let pool: pg.Pool;

  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
    pool = createPool(db.url, { max: 2 });
  });

  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  const cases: { name: string; sql: string; value: unknown }[] = [
    { name: 'bigint as bigint', sql: 'SELECT 9007199254740993::bigint AS v', value: 9007199254740993n },
    { name: 'negative bigint', sql: "SELECT '-35'::bigint AS v", value: -35n },
    {
      name: 'bigint[] as bigint[], nulls kept',
      sql: "SELECT '{1,NULL,9007199254740993}'::bigint[] AS v",
      value: [1n, null, 9007199254740993n],
    },
    { name: 'integer as number', sql: 'SELECT 42::integer AS v', value: 42 },
    { name: 'text as string', sql: "SELECT 'ok'::text AS v", value: 'ok' },
    {
      name: 'timestamptz as Date',
      sql: "SELECT '2026-01-02T03:04:05.678Z'::timestamptz AS v",
      value: new Date('2026-01-02T03:04:05.678Z'),
    },
    { name: 'jsonb as object', sql: `SELECT '{"a":[1]}'::jsonb AS v`, value: { a: [1] } },
    { name: 'NULL as null', sql: 'SELECT NULL::bigint AS v', value: null },
  ];
  it.each(cases)('returns $name', async ({ sql, value }) => {
    const result = await pool.query<{ v: unknown }>(sql);
    expect(result.rows[0]?.v).toEqual(value);
  });

  it('leaves the global node-postgres parsers alone (bigint stays a string elsewhere)', async () => {
    const { default: pgModule } = await import('pg');
    const client = new pgModule.Client({ connectionString: db.url });
    await client.connect();
    try {
      expect((await client.query<{ v: unknown }>('SELECT 7::bigint AS v')).rows[0]?.v).toBe('7');
    } finally {
      await client.end();
    }
  });
});
