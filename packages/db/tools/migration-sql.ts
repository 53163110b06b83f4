/**
 * Writes the next migration: the SQL Prisma's schema engine renders for the change from the
 * committed prisma/schema.prisma (or another git revision, or nothing) to the working copy.
 *
 *   pnpm --filter @smshub/db migration:sql                  print the SQL for uncommitted schema changes
 *   pnpm --filter @smshub/db migration:sql --name add_x     write prisma/migrations/<UTC time>_add_x/migration.sql
 *   pnpm --filter @smshub/db migration:sql --from <rev>     diff from the schema at a git revision
 *   pnpm --filter @smshub/db migration:sql --from-empty     the whole schema from nothing
 *
 * The committed schema is the right starting point because the drift test keeps every commit's
 * migrations equal to its schema. Things Prisma cannot express (see
 * test/drift/sql-only-additions.ts) are appended by hand afterwards.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { databaseUrlFromEnv, withDatabase } from '../src/database-url.js';
import { prismaDiffSql } from './prisma-schema-engine.js';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const schemaPath = 'prisma/schema.prisma';

const { values } = parseArgs({
  options: {
    from: { type: 'string', default: 'HEAD' },
    'from-empty': { type: 'boolean', default: false },
    name: { type: 'string' },
  },
});

const name = values.name;
if (name !== undefined && !/^[a-z0-9_]+$/.test(name)) {
  throw new Error(`migration name "${name}": use lower-case letters, digits and underscores`);
}

const from = values['from-empty']
  ? null
  : execFileSync('git', ['show', `${values.from}:${schemaPath}`], { cwd: repoRoot, encoding: 'utf8' });
const to = await readFile(`${repoRoot}${schemaPath}`, 'utf8');
const sql = await prismaDiffSql(from, to, withDatabase(databaseUrlFromEnv(), 'postgres'));

if (sql.trim() === '' || sql.trim() === '-- This is an empty migration.') {
  console.error('schema.prisma has no changes to migrate');
} else if (name === undefined) {
  process.stdout.write(sql);
} else {
  const stamp = new Date().toISOString().replace(/[-:T]/g, '').slice(0, 14);
  const dir = `prisma/migrations/${stamp}_${name}`;
  await mkdir(`${repoRoot}${dir}`, { recursive: true });
  await writeFile(`${repoRoot}${dir}/migration.sql`, sql);
  console.error(`wrote ${dir}/migration.sql — review it, append any SQL-only additions, then run the drift test`);
}
// The engine's driver adapter keeps a pool open; nothing else is left to do.
process.exit(0);
