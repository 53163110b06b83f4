/**
 * `pnpm --filter @smshub/db migrate`: brings the database named by DATABASE_URL (default
 * postgresql://root@127.0.0.1:5432/smshub) up to date with prisma/migrations.
 */
import { pino } from 'pino';
import { databaseUrlFromEnv, redactDatabaseUrl } from '../database-url.js';
import { migrate } from './migrate.js';

const log = pino({ name: 'migrate' });
const url = databaseUrlFromEnv();
log.info({ database: redactDatabaseUrl(url) }, 'migrating');
try {
  await migrate(url, { log });
} catch (error) {
  log.error({ err: error }, error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
