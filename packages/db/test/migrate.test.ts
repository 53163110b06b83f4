import { createHash } from 'node:crypto';
import { appendFile, cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { withDatabase } from '../src/database-url.js';
import { migrate, type MigrateLog } from '../src/migrate/migrate.js';
import { describeScriptError, MigrationError } from '../src/migrate/migration-error.js';
import { DEFAULT_MIGRATIONS_DIR, readMigrationFiles } from '../src/migrate/migration-files.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.js';

interface LogLine {
  level: 'info' | 'warn';
  fields: Record<string, unknown>;
  message: string;
}

function collectingLog(): MigrateLog & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  return {
    lines,
    info: (fields, message) => lines.push({ level: 'info', fields, message }),
    warn: (fields, message) => lines.push({ level: 'warn', fields, message }),
  };
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

interface HistoryRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
  applied_steps_count: number;
  logs: string | null;
}

const history = (url: string): Promise<HistoryRow[]> =>
  query<HistoryRow>(
    url,
    `SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count, logs
       FROM _prisma_migrations ORDER BY started_at, migration_name`,
  );

const tableNames = async (url: string): Promise<string[]> =>
  (
    await query<{ tablename: string }>(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
  ).map((row) => row.tablename);

/** A private copy of prisma/migrations that a test may add to or edit. */
async function copyOfMigrations(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'smshub-migrations-'));
  await cp(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
  return dir;
}

async function addMigration(dir: string, name: string, sql: string): Promise<void> {
  await mkdir(join(dir, name));
  await writeFile(join(dir, name, 'migration.sql'), sql);
}

describe('migrate', () => {
  let db: TestDatabase;
  const folders: string[] = [];
  let migrationNames: string[];

  /** Every test starts from an empty database: dropping the schema is much faster than a new database. */
  const resetToEmpty = async (): Promise<void> => {
    await query(db.url, 'DROP SCHEMA public CASCADE; CREATE SCHEMA public');
  };
  const migrationsCopy = async (): Promise<string> => {
    const dir = await copyOfMigrations();
    folders.push(dir);
    return dir;
  };

  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
    migrationNames = (await readMigrationFiles()).map((file) => file.name);
    expect(migrationNames.length).toBeGreaterThan(0);
  });

  afterEach(async () => {
    for (const dir of folders.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('applies every migration to an empty database and records it as Prisma does', async () => {
    await resetToEmpty();
    const log = collectingLog();

    const result = await migrate(db.url, { log });

    expect(result).toEqual({ applied: migrationNames, alreadyApplied: [] });
    const rows = await history(db.url);
    expect(rows.map((row) => row.migration_name)).toEqual(migrationNames);
    for (const row of rows) {
      const file = await readFile(join(DEFAULT_MIGRATIONS_DIR, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(file).digest('hex'));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
    expect(await tableNames(db.url)).toEqual(
      expect.arrayContaining(['orgs', 'messages', 'segments', '_prisma_migrations']),
    );
    expect(
      log.lines.filter((line) => line.message === 'applied migration').map((line) => line.fields['migration']),
    ).toEqual(migrationNames);
  });

  it('has the columns, types and defaults of Prisma’s _prisma_migrations table', async () => {
    await resetToEmpty();
    await migrate(db.url);
    const columns = await query<{
      column_name: string;
      data_type: string;
      is_nullable: string;
      column_default: string | null;
    }>(
      db.url,
      `SELECT column_name, data_type, is_nullable, column_default FROM information_schema.columns
        WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
    );
    expect(columns).toEqual([
      { column_name: 'id', data_type: 'character varying', is_nullable: 'NO', column_default: null },
      { column_name: 'checksum', data_type: 'character varying', is_nullable: 'NO', column_default: null },
      { column_name: 'finished_at', data_type: 'timestamp with time zone', is_nullable: 'YES', column_default: null },
      { column_name: 'migration_name', data_type: 'character varying', is_nullable: 'NO', column_default: null },
      { column_name: 'logs', data_type: 'text', is_nullable: 'YES', column_default: null },
      {
        column_name: 'rolled_back_at',
        data_type: 'timestamp with time zone',
        is_nullable: 'YES',
        column_default: null,
      },
      { column_name: 'started_at', data_type: 'timestamp with time zone', is_nullable: 'NO', column_default: 'now()' },
      { column_name: 'applied_steps_count', data_type: 'integer', is_nullable: 'NO', column_default: '0' },
    ]);
  });

  it('is idempotent: a second run applies nothing and changes no history', async () => {
    await resetToEmpty();
    await migrate(db.url);
    const before = await history(db.url);

    const log = collectingLog();
    const again = await migrate(db.url, { log });

    expect(again).toEqual({ applied: [], alreadyApplied: migrationNames });
    expect(await history(db.url)).toEqual(before);
    expect(log.lines.map((line) => line.message)).toEqual(['database is up to date']);
  });

  it('applies only the new migration when one is added', async () => {
    await resetToEmpty();
    const dir = await migrationsCopy();
    await migrate(db.url, { migrationsDir: dir });
    await addMigration(
      dir,
      '29990101000000_add_notes',
      'CREATE TABLE "notes" ("id" BIGSERIAL NOT NULL PRIMARY KEY);\n',
    );

    const result = await migrate(db.url, { migrationsDir: dir });

    expect(result).toEqual({ applied: ['29990101000000_add_notes'], alreadyApplied: migrationNames });
    expect(await tableNames(db.url)).toContain('notes');
  });

  it('refuses to run when an applied migration was edited, and changes nothing', async () => {
    await resetToEmpty();
    const dir = await migrationsCopy();
    await migrate(db.url, { migrationsDir: dir });
    const first = migrationNames[0] ?? '';
    await appendFile(join(dir, first, 'migration.sql'), '\n-- an innocent-looking edit\n');
    await addMigration(
      dir,
      '29990101000000_add_notes',
      'CREATE TABLE "notes" ("id" BIGSERIAL NOT NULL PRIMARY KEY);\n',
    );
    const before = await history(db.url);

    const attempt = migrate(db.url, { migrationsDir: dir });

    await expect(attempt).rejects.toBeInstanceOf(MigrationError);
    await expect(attempt).rejects.toThrow(`migration ${first} was edited after it was applied`);
    await expect(attempt).rejects.toMatchObject({ migration: first });
    expect(await history(db.url)).toEqual(before);
    expect(await tableNames(db.url)).not.toContain('notes');
  });

  it('rolls a failing migration back whole, says where it failed, and retries it once fixed', async () => {
    await resetToEmpty();
    const dir = await migrationsCopy();
    await migrate(db.url, { migrationsDir: dir });
    const name = '29990101000000_broken';
    await addMigration(dir, name, 'CREATE TABLE "half" ("id" INTEGER);\n\nINSERT INTO "no_such_table" VALUES (1);\n');

    const attempt = migrate(db.url, { migrationsDir: dir });

    await expect(attempt).rejects.toThrow(
      `migration ${name} failed and was rolled back: relation "no_such_table" does not exist (SQLSTATE 42P01) at line 3`,
    );
    expect(await tableNames(db.url)).not.toContain('half');
    const failed = (await history(db.url)).filter((row) => row.migration_name === name);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ finished_at: null, applied_steps_count: 0 });
    expect(failed[0]?.rolled_back_at).toBeInstanceOf(Date);
    expect(failed[0]?.logs).toContain('no_such_table');

    await writeFile(join(dir, name, 'migration.sql'), 'CREATE TABLE "half" ("id" INTEGER);\n');
    expect(await migrate(db.url, { migrationsDir: dir })).toMatchObject({ applied: [name] });
    expect(await tableNames(db.url)).toContain('half');
  });

  it('refuses to run over a migration Prisma left failed (neither finished nor rolled back)', async () => {
    await resetToEmpty();
    await migrate(db.url);
    await query(
      db.url,
      `INSERT INTO _prisma_migrations (id, checksum, migration_name, logs, started_at, applied_steps_count)
       VALUES ('00000000-0000-4000-8000-000000000000', 'x', '29990101000000_half_done', 'syntax error at or near "x"', now(), 0)`,
    );

    await expect(migrate(db.url)).rejects.toThrow(
      'migration 29990101000000_half_done failed earlier and may be partly applied (syntax error at or near "x")',
    );
  });

  it('warns about, but tolerates, a migration the database has and this code does not', async () => {
    await resetToEmpty();
    const dir = await migrationsCopy();
    await addMigration(dir, '29990101000000_from_the_future', 'SELECT 1;\n');
    await migrate(db.url, { migrationsDir: dir });
    const log = collectingLog();

    const result = await migrate(db.url, { log });

    expect(result.applied).toEqual([]);
    expect(log.lines).toContainEqual({
      level: 'warn',
      fields: { migration: '29990101000000_from_the_future' },
      message: 'database has a migration this code does not know',
    });
  });

  it('lets several processes start at once: one applies, the others wait and find it done', async () => {
    await resetToEmpty();
    const dir = await migrationsCopy();
    // Slow enough that every runner arrives while the first still holds the lock.
    await addMigration(dir, '29990101000000_slow', 'SELECT pg_sleep(0.5);\nCREATE TABLE "slow" ("id" INTEGER);\n');
    const logs = Array.from({ length: 4 }, () => collectingLog());

    const results = await Promise.all(logs.map((log) => migrate(db.url, { migrationsDir: dir, log })));

    const allNames = [...migrationNames, '29990101000000_slow'];
    expect(results.filter((result) => result.applied.length > 0)).toEqual([{ applied: allNames, alreadyApplied: [] }]);
    expect(results.filter((result) => result.applied.length === 0)).toHaveLength(3);
    const rows = await history(db.url);
    expect(rows.map((row) => row.migration_name)).toEqual(allNames);
    const waited = logs.filter((log) =>
      log.lines.some((line) => line.message === 'waiting for another process to finish migrating'),
    );
    expect(waited.length).toBeGreaterThanOrEqual(1);
  });

  it('gives up waiting for the lock after the timeout, naming the lock', async () => {
    await resetToEmpty();
    const holder = new pg.Client({ connectionString: db.url });
    await holder.connect();
    try {
      await holder.query('SELECT pg_advisory_lock(72707369)');
      await expect(migrate(db.url, { lockTimeoutMs: 300 })).rejects.toThrow(
        'another process has held the migration lock (pg advisory lock 72707369) for over 300 ms',
      );
    } finally {
      await holder.end();
    }
  });

  it('creates the database when it does not exist yet, as prisma migrate deploy does', async () => {
    const url = withDatabase(db.url, `${db.name}_new`);
    try {
      const result = await migrate(url);
      expect(result.applied).toEqual(migrationNames);
      expect(await tableNames(url)).toContain('orgs');
    } finally {
      await query(withDatabase(db.url, 'postgres'), `DROP DATABASE IF EXISTS "${db.name}_new" WITH (FORCE)`);
    }
  });

  it('names the server, without its password, when it cannot connect', async () => {
    const url = withDatabase('postgresql://root:hunter2@127.0.0.1:1/smshub', 'smshub');
    const attempt = migrate(url);
    await expect(attempt).rejects.toThrow('migrate: cannot connect to postgresql://root:***@127.0.0.1:1/smshub');
    await expect(attempt).rejects.not.toThrow('hunter2');
  });
});

describe('describeScriptError', () => {
  const script = 'SELECT 1;\nSELECT 2;\nSELEC 3;\n';
  const cases: { name: string; error: unknown; text: string }[] = [
    {
      name: 'a server error with a position',
      error: Object.assign(new Error('syntax error at or near "SELEC"'), { code: '42601', position: '21' }),
      text: 'syntax error at or near "SELEC" (SQLSTATE 42601) at line 3',
    },
    {
      name: 'a position on the first line',
      error: Object.assign(new Error('boom'), { code: 'XX000', position: '1' }),
      text: 'boom (SQLSTATE XX000) at line 1',
    },
    {
      name: 'a server error without a position',
      error: Object.assign(new Error('deadlock detected'), { code: '40P01' }),
      text: 'deadlock detected (SQLSTATE 40P01)',
    },
    { name: 'a plain error', error: new Error('connection terminated'), text: 'connection terminated' },
    { name: 'something thrown that is not an Error', error: 'odd', text: 'odd' },
  ];
  it.each(cases)('describes $name', ({ error, text }) => {
    expect(describeScriptError(error, script)).toBe(text);
  });
});
