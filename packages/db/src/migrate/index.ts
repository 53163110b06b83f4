/**
 * @smshub/db/migrate — the migration runner, on its own entry so the portal's bundle never pulls
 * in code that reads prisma/migrations from disk.
 */
export { migrate, MIGRATION_LOCK_KEY, type MigrateLog, type MigrateOptions, type MigrateResult } from './migrate.js';
export { MigrationError } from './migration-error.js';
export { DEFAULT_MIGRATIONS_DIR, readMigrationFiles, type MigrationFile } from './migration-files.js';
