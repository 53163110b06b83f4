/**
 * @smshub/db — PostgreSQL, the system of record: the Prisma client (generated from
 * prisma/schema.prisma), a pg pool for the hot path's batched SQL, the migration runner, seeds
 * and API-key and password hashing. It must never change the schema outside prisma/migrations,
 * nor store an API key or a password in a form that can be read back.
 */
export * from './generated/prisma/client.js';
export { createPrisma } from './prisma.js';
export { createPool } from './pool.js';
export { DEFAULT_DATABASE_URL, databaseUrlFromEnv, redactDatabaseUrl, withDatabase } from './database-url.js';
export {
  API_KEY_PREFIX_LENGTH,
  API_KEY_SECRET_LENGTH,
  formatApiKey,
  generateApiKey,
  hashApiKeySecret,
  parseApiKey,
  verifyApiKeySecret,
  type GeneratedApiKey,
} from './api-keys.js';
export { hashPassword, verifyPassword } from './passwords.js';
export {
  CARRIER_CODES,
  CARRIERS,
  PLATFORM_CREDIT_LIMIT_LI,
  STANDARD_BUSINESS_TYPES,
  seedBase,
  type BaseSeed,
  type CarrierCode,
} from './seed/seed-base.js';
export { seedDemo, type DemoSeed, type DemoSeedOptions } from './seed/seed-demo.js';
export { seedOperator, type OperatorSeed, type OperatorSeedOptions } from './seed/seed-operator.js';
export { channelSeedSchema, seedChannels, type ChannelSeed } from './seed/seed-channels.js';
export * from './message-errors.js';
export * from './store/webhooks.js';
export * from './store/intake.js';
export * from './store/intake-group.js';
export * from './store/intake-committer.js';
export { Coalescer, Failed, type CoalescerOptions, type GroupRunner } from './coalescer.js';
export * from './store/messages-read.js';
export * from './store/queryable.js';
export * from './store/dispatch.js';
export * from './store/submits.js';
export * from './store/status-reports.js';
export * from './store/finalize.js';
export * from './store/mo.js';
export * from './store/catalog.js';
export * from './store/alarms.js';
export * from './store/statistics.js';
export * from './store/ledger.js';
export * from './store/billing-read.js';
