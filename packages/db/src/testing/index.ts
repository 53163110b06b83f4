/**
 * @smshub/db/testing — test support for every package: a database of its own per test file,
 * migrated, on the PostgreSQL the tests run against. Never imported by production code.
 */
export { createTestDatabase, type TestDatabase, type TestDatabaseOptions } from './test-database.js';
