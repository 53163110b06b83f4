import { randomUUID } from 'node:crypto';
import type pg from 'pg';

/**
 * Prisma's own migration history table, created and kept exactly as `prisma migrate deploy` does,
 * so either tool can take over from the other on the same database.
 *
 * A row's meaning: finished_at set and rolled_back_at null = applied; both null = failed (Prisma
 * left it half-done and waits for `prisma migrate resolve`); rolled_back_at set = ignored, the
 * migration will be applied again.
 */
export const MIGRATIONS_TABLE = '_prisma_migrations';

export interface MigrationRecord {
  readonly id: string;
  readonly migrationName: string;
  readonly checksum: string;
  readonly finishedAt: Date | null;
  readonly rolledBackAt: Date | null;
  readonly logs: string | null;
}

export async function ensureMigrationsTable(client: pg.ClientBase): Promise<void> {
  await client.query(`CREATE TABLE IF NOT EXISTS "${MIGRATIONS_TABLE}" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`);
}

export async function readMigrationRecords(client: pg.ClientBase): Promise<MigrationRecord[]> {
  const result = await client.query<{
    id: string;
    migration_name: string;
    checksum: string;
    finished_at: Date | null;
    rolled_back_at: Date | null;
    logs: string | null;
  }>(
    `SELECT id, migration_name, checksum, finished_at, rolled_back_at, logs
       FROM "${MIGRATIONS_TABLE}" ORDER BY started_at, migration_name`,
  );
  return result.rows.map((row) => ({
    id: row.id,
    migrationName: row.migration_name,
    checksum: row.checksum,
    finishedAt: row.finished_at,
    rolledBackAt: row.rolled_back_at,
    logs: row.logs,
  }));
}

/** Recorded inside the migration's own transaction, so it commits or vanishes with it. */
export async function recordStarted(client: pg.ClientBase, migrationName: string, checksum: string): Promise<string> {
  const id = randomUUID();
  await client.query(
    `INSERT INTO "${MIGRATIONS_TABLE}" (id, checksum, migration_name, started_at, applied_steps_count)
     VALUES ($1, $2, $3, now(), 0)`,
    [id, checksum, migrationName],
  );
  return id;
}

export async function recordFinished(client: pg.ClientBase, id: string): Promise<void> {
  await client.query(
    `UPDATE "${MIGRATIONS_TABLE}" SET finished_at = clock_timestamp(), applied_steps_count = 1 WHERE id = $1`,
    [id],
  );
}

/**
 * After a failed migration's transaction rolled back: the history says what went wrong, and as
 * nothing of it remains in the database, the row is marked rolled back so a fixed file is tried again.
 */
export async function recordRolledBack(
  client: pg.ClientBase,
  migrationName: string,
  checksum: string,
  logs: string,
): Promise<void> {
  await client.query(
    `INSERT INTO "${MIGRATIONS_TABLE}" (id, checksum, migration_name, logs, started_at, rolled_back_at, applied_steps_count)
     VALUES ($1, $2, $3, $4, now(), now(), 0)`,
    [randomUUID(), checksum, migrationName, logs],
  );
}
