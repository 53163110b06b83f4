import pg from 'pg';
import { redactDatabaseUrl, withDatabase } from '../database-url.js';
import { describeScriptError, MigrationError } from './migration-error.js';
import { readMigrationFiles, type MigrationFile } from './migration-files.js';
import {
  ensureMigrationsTable,
  readMigrationRecords,
  recordFinished,
  recordRolledBack,
  recordStarted,
  type MigrationRecord,
} from './migrations-table.js';

/**
 * The advisory lock key Prisma's schema engine takes around `migrate deploy`. Using the same key
 * makes this runner, other copies of it and Prisma itself take turns on one database.
 */
export const MIGRATION_LOCK_KEY = 72707369;

/** Structured log lines; a pino logger fits. */
export interface MigrateLog {
  info(fields: Record<string, unknown>, message: string): void;
  warn(fields: Record<string, unknown>, message: string): void;
}

export interface MigrateOptions {
  log?: MigrateLog;
  /** Defaults to prisma/migrations at the repository root. */
  migrationsDir?: string;
  /** How long to wait for another process that holds the migration lock. Default 5 minutes. */
  lockTimeoutMs?: number;
}

export interface MigrateResult {
  /** Migrations applied by this call, in order. */
  readonly applied: string[];
  /** Migrations that were already in the database. */
  readonly alreadyApplied: string[];
}

const silent: MigrateLog = { info: () => {}, warn: () => {} };

/**
 * Applies the migrations the database has not seen, each in its own transaction, recording them
 * in Prisma's `_prisma_migrations` table. Refuses to run when an applied migration's file was
 * edited or a migration was left failed. Safe to call from many processes starting at once.
 */
export async function migrate(url: string, options: MigrateOptions = {}): Promise<MigrateResult> {
  const log = options.log ?? silent;
  const files = await readMigrationFiles(options.migrationsDir);
  const client = await connect(url, log);
  try {
    // A session lock: ending the connection (below, or by dying) is what releases it.
    await acquireLock(client, log, options.lockTimeoutMs ?? 5 * 60_000);
    await ensureMigrationsTable(client);
    const records = await readMigrationRecords(client);
    const { pending, alreadyApplied } = plan(files, records, log);
    const applied: string[] = [];
    for (const file of pending) {
      const started = Date.now();
      await applyMigration(client, file);
      log.info({ migration: file.name, ms: Date.now() - started }, 'applied migration');
      applied.push(file.name);
    }
    if (applied.length > 0) {
      const analyzed = await analyzeNewTables(client);
      if (analyzed.length > 0) log.info({ tables: analyzed.length }, 'analyzed tables never analyzed before');
    }
    log.info(
      { applied: applied.length, alreadyApplied: alreadyApplied.length },
      applied.length === 0 ? 'database is up to date' : 'migrations applied',
    );
    return { applied, alreadyApplied };
  } finally {
    await client.end();
  }
}

/** Connects, creating the database first when it does not exist yet (as `prisma migrate deploy` does). */
async function connect(url: string, log: MigrateLog): Promise<pg.Client> {
  const open = async (target: string): Promise<pg.Client> => {
    const client = new pg.Client({ connectionString: target, application_name: 'smshub-migrate' });
    await client.connect();
    return client;
  };
  try {
    return await open(url);
  } catch (error) {
    if ((error as { code?: unknown }).code !== INVALID_CATALOG_NAME) {
      throw new MigrationError(`migrate: cannot connect to ${redactDatabaseUrl(url)}: ${String(error)}`, {
        cause: error,
      });
    }
  }
  const database = decodeURIComponent(new URL(url).pathname.slice(1));
  const admin = await open(withDatabase(url, 'postgres')).catch((error: unknown) => {
    throw new MigrationError(
      `migrate: database "${database}" does not exist and the server's "postgres" database is unreachable: ${String(error)}`,
      { cause: error },
    );
  });
  try {
    await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(database)}`);
    log.info({ database }, 'created database');
  } catch (error) {
    // Another process starting at the same time may have just created it.
    if ((error as { code?: unknown }).code !== DUPLICATE_DATABASE) {
      throw new MigrationError(`migrate: cannot create database "${database}": ${String(error)}`, { cause: error });
    }
  } finally {
    await admin.end();
  }
  return open(url);
}

const INVALID_CATALOG_NAME = '3D000';
const DUPLICATE_DATABASE = '42P04';

async function acquireLock(client: pg.Client, log: MigrateLog, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let told = false;
  for (;;) {
    const result = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
      MIGRATION_LOCK_KEY,
    ]);
    if (result.rows[0]?.locked === true) return;
    if (Date.now() >= deadline) {
      throw new MigrationError(
        `migrate: another process has held the migration lock (pg advisory lock ${MIGRATION_LOCK_KEY}) for over ${timeoutMs} ms`,
      );
    }
    if (!told) {
      log.info({ lockKey: MIGRATION_LOCK_KEY }, 'waiting for another process to finish migrating');
      told = true;
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function plan(
  files: readonly MigrationFile[],
  records: readonly MigrationRecord[],
  log: MigrateLog,
): { pending: MigrationFile[]; alreadyApplied: string[] } {
  const failed = records.find((record) => record.finishedAt === null && record.rolledBackAt === null);
  if (failed !== undefined) {
    throw new MigrationError(
      `migration ${failed.migrationName} failed earlier and may be partly applied` +
        (failed.logs !== null ? ` (${failed.logs.split('\n')[0]})` : '') +
        `. Repair the database by hand, then mark it with \`prisma migrate resolve --rolled-back ${failed.migrationName}\`` +
        ` (or --applied) before migrating again.`,
      { migration: failed.migrationName },
    );
  }

  const applied = new Map<string, MigrationRecord>();
  for (const record of records) {
    if (record.finishedAt !== null && record.rolledBackAt === null) applied.set(record.migrationName, record);
  }

  for (const file of files) {
    const record = applied.get(file.name);
    if (record !== undefined && record.checksum !== file.checksum) {
      throw new MigrationError(
        `migration ${file.name} was edited after it was applied (checksum in database ${record.checksum}, ` +
          `file ${file.checksum}). Applied migrations are immutable: restore the file and put the change in a new migration.`,
        { migration: file.name },
      );
    }
  }

  const known = new Set(files.map((file) => file.name));
  for (const name of applied.keys()) {
    if (!known.has(name)) {
      // A newer release migrated this database; older code keeps running against it.
      log.warn({ migration: name }, 'database has a migration this code does not know');
    }
  }

  return {
    pending: files.filter((file) => !applied.has(file.name)),
    alreadyApplied: files.filter((file) => applied.has(file.name)).map((file) => file.name),
  };
}

async function applyMigration(client: pg.Client, file: MigrationFile): Promise<void> {
  await client.query('BEGIN');
  try {
    const id = await recordStarted(client, file.name, file.checksum);
    await client.query(file.sql);
    await recordFinished(client, id);
    await client.query('COMMIT');
  } catch (error) {
    const reason = describeScriptError(error, file.sql);
    try {
      await client.query('ROLLBACK');
    } catch (rollbackError) {
      throw new MigrationError(
        `migration ${file.name} failed (${reason}) and the connection broke while rolling back: ${String(rollbackError)}`,
        { migration: file.name, cause: error },
      );
    }
    await recordRolledBack(client, file.name, file.checksum, reason);
    throw new MigrationError(`migration ${file.name} failed and was rolled back: ${reason}`, {
      migration: file.name,
      cause: error,
    });
  }
}

/**
 * ANALYZE for every table PostgreSQL has never analyzed (the ones the migrations just created, on
 * a fresh database all of them). A server with autovacuum off never does it by itself, and the
 * planner then knows nothing of a table but its size (decision 0173). Cheap on new, small tables;
 * the hot path's statements are written not to depend on it, reference data's joins do.
 */
async function analyzeNewTables(client: pg.Client): Promise<string[]> {
  const result = await client.query<{ name: string }>(
    `SELECT format('%I.%I', schemaname, relname) AS name FROM pg_stat_user_tables
      WHERE last_analyze IS NULL AND last_autoanalyze IS NULL ORDER BY 1`,
  );
  const names = result.rows.map((row) => row.name);
  if (names.length > 0) await client.query(`ANALYZE ${names.join(', ')}`);
  return names;
}
