import type { BusinessType, Carrier, Org, PrismaClient } from '../generated/prisma/client.js';
import type { Prisma } from '../generated/prisma/client.js';

export const CARRIERS = [
  { code: 'CMCC', name: '中国移动' },
  { code: 'CUCC', name: '中国联通' },
  { code: 'CTCC', name: '中国电信' },
  { code: 'CBN', name: '中国广电' },
  { code: 'INTL', name: '国际' },
] as const;

export type CarrierCode = (typeof CARRIERS)[number]['code'];

export const CARRIER_CODES = CARRIERS.map((carrier) => carrier.code) as [CarrierCode, ...CarrierCode[]];

/**
 * The business types every installation starts with. Prices are li per segment (35 li = 0.035
 * CNY), around what Chinese SMS resellers charge; priorities follow DESIGN.md's queue order
 * alarm > verification > notification > marketing. Alarms, codes and notices that a carrier reports
 * undelivered for network trouble go out again through another carrier's channel (outcome
 * failover); marketing does not.
 */
export const STANDARD_BUSINESS_TYPES = [
  {
    code: 'alarm',
    name: '告警',
    priority: 40,
    pricePerSegment: 50n,
    maxQueueWaitSeconds: 5,
    validitySeconds: 6 * 3600,
    retryAttempts: 5,
    retryBackoffSeconds: 2,
    retryChangeChannel: true,
    outcomeFailoverAttempts: 2,
    dualSend: true,
  },
  {
    code: 'verification',
    name: '验证码',
    priority: 30,
    pricePerSegment: 40n,
    maxQueueWaitSeconds: 10,
    validitySeconds: 10 * 60,
    retryAttempts: 3,
    retryBackoffSeconds: 3,
    retryChangeChannel: true,
    outcomeFailoverAttempts: 1,
  },
  {
    code: 'notification',
    name: '通知',
    priority: 20,
    pricePerSegment: 35n,
    maxQueueWaitSeconds: 5 * 60,
    validitySeconds: 24 * 3600,
    retryAttempts: 3,
    retryBackoffSeconds: 30,
    retryChangeChannel: true,
    outcomeFailoverAttempts: 1,
  },
  {
    code: 'marketing',
    name: '营销',
    priority: 10,
    pricePerSegment: 45n,
    maxQueueWaitSeconds: 3600,
    validitySeconds: 48 * 3600,
    retryAttempts: 1,
    retryBackoffSeconds: 300,
    retryChangeChannel: false,
    // Chinese rules keep marketing out of the night: 21:00–08:00.
    quietHoursStart: 21 * 60,
    quietHoursEnd: 8 * 60,
    quietHoursApply: true,
    requiresReview: true,
  },
] as const satisfies readonly Prisma.BusinessTypeCreateInput[];

export interface BaseSeed {
  readonly platform: Org;
  readonly carriers: Carrier[];
  readonly businessTypes: BusinessType[];
}

/**
 * The platform org is postpaid: its own texts (sign-up and sign-in codes, the answer to a sign-up,
 * operators' alarms) are charged like any org's, to a credit line of 100,000 CNY, so a runaway
 * sender is stopped by the same guard as a customer (an operator may change it later).
 */
export const PLATFORM_CREDIT_LIMIT_LI = 100_000_000n;

/** Seeds take this transaction-level lock so two seeds running at once cannot both create a row. */
export const SEED_LOCK_KEY = 7370687302n;

/** Prisma's 5 s default is short for a seed of many channels on a busy CI machine. */
export const SEED_TRANSACTION = { timeout: 60_000, maxWait: 60_000 };

/**
 * The platform org, the carriers and the standard business types. Idempotent: rows that exist are
 * left as they are (an operator may have changed a price since), missing ones are created.
 */
export async function seedBase(prisma: PrismaClient): Promise<BaseSeed> {
  const seed = await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY})`;
    const platform =
      (await tx.org.findFirst({ where: { kind: 'platform', parentId: null }, orderBy: { id: 'asc' } })) ??
      (await tx.org.create({
        data: {
          kind: 'platform',
          name: 'smshub 平台',
          billingMode: 'postpaid',
          creditLimit: PLATFORM_CREDIT_LIMIT_LI,
        },
      }));
    const carriers: Carrier[] = [];
    for (const carrier of CARRIERS) {
      carriers.push(await tx.carrier.upsert({ where: { code: carrier.code }, create: carrier, update: {} }));
    }
    const businessTypes: BusinessType[] = [];
    for (const type of STANDARD_BUSINESS_TYPES) {
      businessTypes.push(await tx.businessType.upsert({ where: { code: type.code }, create: type, update: {} }));
    }
    return { platform, carriers, businessTypes };
  }, SEED_TRANSACTION);
  await analyzeSeeded(prisma);
  return seed;
}

/** What the seeds write: the reference data the hot path joins (orgs, types, channels, routes …). */
const SEEDED_TABLES = [
  'orgs',
  'carriers',
  'business_types',
  'org_prices',
  'users',
  'api_keys',
  'webhook_endpoints',
  'channels',
  'routes',
  'route_channels',
  'ledger_entries',
];

/**
 * ANALYZE of the tables a seed just filled, so that the planner knows their few rows on a server
 * whose autovacuum is off (decision 0173). Milliseconds: they are small.
 */
export async function analyzeSeeded(prisma: PrismaClient): Promise<void> {
  await prisma.$executeRawUnsafe(`ANALYZE ${SEEDED_TABLES.join(', ')}`);
}
