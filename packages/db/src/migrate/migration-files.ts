import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** prisma/migrations at the repository root; the same depth from src/migrate and dist/migrate. */
export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('../../../../prisma/migrations', import.meta.url));

export interface MigrationFile {
  /** The folder name, `<timestamp>_<name>`: Prisma's migration_name. */
  readonly name: string;
  readonly sql: string;
  /** Lower-case hex SHA-256 of the file's bytes, as Prisma records it. */
  readonly checksum: string;
}

/** Every `<dir>/<name>/migration.sql`, in name order (the order Prisma applies them in). */
export async function readMigrationFiles(dir: string = DEFAULT_MIGRATIONS_DIR): Promise<MigrationFile[]> {
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw new Error(`migrations folder ${dir} cannot be read`, { cause: error });
  }
  const names = entries
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const files: MigrationFile[] = [];
  for (const name of names) {
    const path = join(dir, name, 'migration.sql');
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (error) {
      throw new Error(`migration ${name}: ${path} cannot be read`, { cause: error });
    }
    files.push({ name, sql: bytes.toString('utf8'), checksum: createHash('sha256').update(bytes).digest('hex') });
  }
  return files;
}
