import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type pg from 'pg';
import { createPool, MAX_PREPARED, PREPARE_AFTER, preparedName } from '../src/pool.js';
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

  describe('prepared statements (decision 0184)', () => {
    /** The statements this session has prepared, by text. */
    const preparedOn = async (client: pg.PoolClient) =>
      (await client.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements')).rows.map(
        (row) => row.statement,
      );

    it('prepares a parameterized text from its third call on, and answers the same throughout', async () => {
      const text = 'SELECT $1::bigint + 1 AS v /* prepare-after */';
      const client = await pool.connect();
      try {
        for (let call = 1; call <= PREPARE_AFTER + 2; call++) {
          expect((await client.query<{ v: bigint }>(text, [call])).rows[0]?.v).toBe(BigInt(call + 1));
          const isPrepared = (await preparedOn(client)).includes(text);
          expect({ call, isPrepared }).toEqual({ call, isPrepared: call >= PREPARE_AFTER });
        }
        // The config-object form and the callback form take the same path.
        expect((await client.query<{ v: bigint }>({ text, values: [41] })).rows[0]?.v).toBe(42n);
        const viaCallback = await new Promise<unknown>((resolve, reject) =>
          client.query(text, [9], (error: Error | undefined, result: pg.QueryResult<{ v: bigint }>) =>
            error ? reject(error) : resolve(result.rows[0]?.v),
          ),
        );
        expect(viaCallback).toBe(10n);
      } finally {
        client.release();
      }
    });

    it('plans every call with its own values (no generic plans: decision 0184)', async () => {
      const { rows } = await pool.query<{ plan_cache_mode: string }>('SHOW plan_cache_mode');
      expect(rows[0]?.plan_cache_mode).toBe('force_custom_plan');
    });

    it('leaves texts without parameters and queries named by their caller as they are', async () => {
      const client = await pool.connect();
      try {
        for (let call = 0; call < PREPARE_AFTER + 1; call++) await client.query('SELECT 1 AS plain /* no params */');
        await client.query({ name: 'own-name', text: 'SELECT $1::int AS own', values: [1] });
        const statements = await preparedOn(client);
        expect(statements).not.toContain('SELECT 1 AS plain /* no params */');
        expect(statements).toContain('SELECT $1::int AS own');
        const names = (await client.query<{ name: string }>('SELECT name FROM pg_prepared_statements')).rows;
        expect(names.map((row) => row.name)).toContain('own-name');
      } finally {
        client.release();
      }
    });

    it('reports a failing prepared statement as the error it is, and the connection goes on', async () => {
      const text = 'SELECT 1 / $1::int AS v /* fails */';
      for (let call = 0; call < PREPARE_AFTER; call++) await pool.query(text, [1]);
      await expect(pool.query(text, [0])).rejects.toMatchObject({ code: '22012' });
      expect((await pool.query<{ v: number }>(text, [1])).rows[0]?.v).toBe(1);
    });

    it('names a text by its digest, and prepares no more than MAX_PREPARED texts', () => {
      const text = 'SELECT $1::text AS digest_named';
      for (let call = 1; call < PREPARE_AFTER; call++) expect(preparedName(text)).toBeUndefined();
      const name = preparedName(text);
      expect(name).toMatch(/^smshub_[0-9a-f]{24}$/);
      expect(preparedName(text)).toBe(name);
      let refused = 0;
      for (let i = 0; i < MAX_PREPARED + 10; i++) {
        const distinct = `SELECT $1::int AS n${i}`;
        let last: string | undefined;
        for (let call = 0; call < PREPARE_AFTER; call++) last = preparedName(distinct);
        if (last === undefined) refused++;
      }
      expect(refused).toBeGreaterThan(0);
      expect(preparedName(text)).toBe(name);
    });
  });
});
