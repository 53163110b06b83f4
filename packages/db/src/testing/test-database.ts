import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { databaseUrlFromEnv, redactDatabaseUrl, withDatabase } from '../database-url.js';
import { migrate } from '../migrate/migrate.js';
import { readMigrationFiles } from '../migrate/migration-files.js';

export interface TestDatabase {
  /** The database's name, unique to this process. */
  readonly name: string;
  readonly url: string;
  /** Drops the database, disconnecting whatever is still connected to it. */
  drop(): Promise<void>;
}

export interface TestDatabaseOptions {
  /** An empty database instead of a migrated one (for tests of migrations themselves). */
  empty?: boolean;
  /** Server to use; its database part is ignored. Default DATABASE_URL, else the local server. */
  serverUrl?: string;
}

const TEMPLATE_PREFIX = 'smshub_template_';
const TEST_PREFIX = 'smshub_test_';
/** Leftovers of test processes that died before dropping their database are removed after this. */
const LEFTOVER_AGE_SECONDS = 6 * 3600;
/** Serialises template building and clean-up across every test process on the server. */
const TEMPLATE_LOCK_KEY = 7370687303n;

let sequence = 0;

/**
 * A database of its own for a test file: created from a template that is migrated once (and kept
 * while prisma/migrations is unchanged, so later runs skip even that), which makes each one a
 * file copy that takes well under a second. Usable from Vitest in any package:
 *
 *   const db = await createTestDatabase();
 *   afterAll(() => db.drop());
 */
export async function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const serverUrl = options.serverUrl ?? databaseUrlFromEnv();
  const name = `${TEST_PREFIX}${Math.floor(Date.now() / 1000)}_${process.pid}_${sequence++}_${randomBytes(3).toString('hex')}`;
  const admin = await connectAdmin(serverUrl);
  try {
    // Cloning happens under the lock too: a process testing other migrations may otherwise drop
    // the template (as stale) between our check and our copy.
    await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK_KEY]);
    try {
      await dropLeftovers(admin);
      const source = options.empty === true ? 'template0' : await ensureTemplate(admin, serverUrl);
      await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(name)} TEMPLATE ${pg.escapeIdentifier(source)}`);
    } finally {
      await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK_KEY]);
    }
  } finally {
    await admin.end();
  }

  const url = withDatabase(serverUrl, name);
  return {
    name,
    url,
    drop: async () => {
      const dropper = await connectAdmin(serverUrl);
      try {
        // A pool that was just ended may still be closing its sessions; terminating them mid-close
        // makes their clients emit errors nobody listens to any more. Give them a moment first.
        for (let waited = 0; waited < 2_000; waited += 50) {
          const open = await dropper.query<{ n: number }>(
            'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
            [name],
          );
          if (open.rows[0]?.n === 0) break;
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        await dropper.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(name)} WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}

async function connectAdmin(serverUrl: string): Promise<pg.Client> {
  const client = new pg.Client({
    connectionString: withDatabase(serverUrl, 'postgres'),
    application_name: 'smshub-test',
  });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `test database: PostgreSQL at ${redactDatabaseUrl(serverUrl)} is unreachable (run \`make services\`): ${String(error)}`,
      { cause: error },
    );
  }
  return client;
}

/**
 * The template for the current migrations, named after their checksums. Built under a temporary
 * name and renamed when complete, so a run that dies half-way leaves nothing that looks finished.
 * Connections to it are disallowed afterwards: CREATE DATABASE … TEMPLATE needs it idle.
 */
async function ensureTemplate(admin: pg.Client, serverUrl: string): Promise<string> {
  const files = await readMigrationFiles();
  const digest = createHash('sha256');
  for (const file of files) digest.update(`${file.name}\0${file.checksum}\n`);
  const template = `${TEMPLATE_PREFIX}${digest.digest('hex').slice(0, 16)}`;

  const existing = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [template]);
  if (existing.rowCount === 1) return template;

  // Templates of older migrations (and unfinished builds) are of no further use.
  const stale = await admin.query<{ datname: string }>(
    'SELECT datname FROM pg_database WHERE starts_with(datname, $1) AND datname <> $2',
    [TEMPLATE_PREFIX, template],
  );
  for (const { datname } of stale.rows) {
    await admin.query(`ALTER DATABASE ${pg.escapeIdentifier(datname)} WITH ALLOW_CONNECTIONS true`);
    await admin.query(`DROP DATABASE ${pg.escapeIdentifier(datname)} WITH (FORCE)`);
  }

  const building = `${template}_building`;
  await admin.query(`CREATE DATABASE ${pg.escapeIdentifier(building)} TEMPLATE template0`);
  await migrate(withDatabase(serverUrl, building));
  await admin.query(`ALTER DATABASE ${pg.escapeIdentifier(building)} RENAME TO ${pg.escapeIdentifier(template)}`);
  await admin.query(`ALTER DATABASE ${pg.escapeIdentifier(template)} WITH ALLOW_CONNECTIONS false`);
  return template;
}

async function dropLeftovers(admin: pg.Client): Promise<void> {
  const nowSeconds = Math.floor(Date.now() / 1000);
  const tests = await admin.query<{ datname: string }>(
    'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
    [TEST_PREFIX],
  );
  for (const { datname } of tests.rows) {
    const createdSeconds = Number.parseInt(datname.slice(TEST_PREFIX.length).split('_')[0] ?? '', 10);
    if (Number.isInteger(createdSeconds) && nowSeconds - createdSeconds > LEFTOVER_AGE_SECONDS) {
      await admin.query(`DROP DATABASE IF EXISTS ${pg.escapeIdentifier(datname)} WITH (FORCE)`);
    }
  }
}
