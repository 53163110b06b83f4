import { generateApiKey, hashApiKeySecret, parseApiKey } from '../api-keys.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import { SEED_LOCK_KEY, SEED_TRANSACTION, seedBase } from './seed-base.js';

export interface OperatorSeedOptions {
  /** A full key (`sk_<8>_<32>`) to install, so the operator key stays the same across runs. */
  readonly apiKey?: string;
  /** Phone numbers (as stored: national digits for Chinese mobiles, E.164 digits otherwise) that get alarm SMS. */
  readonly alarmPhones?: readonly string[];
}

export interface OperatorSeed {
  /** `full` is the only copy of the secret. */
  readonly apiKey: { readonly id: bigint; readonly prefix: string; readonly full: string };
}

const OPERATOR_KEY_NAME = 'operator';

/**
 * An API key of the platform org for the operator routes (alarms, alarm contacts, channels)
 * and, if given, alarm contacts. Idempotent: the key row is kept, its secret replaced.
 */
export async function seedOperator(prisma: PrismaClient, options: OperatorSeedOptions = {}): Promise<OperatorSeed> {
  const { platform } = await seedBase(prisma);
  let key: { prefix: string; full: string; hash: string };
  if (options.apiKey === undefined) {
    key = generateApiKey();
  } else {
    const parts = parseApiKey(options.apiKey);
    if (parts === null) throw new Error('seedOperator: apiKey is not of the form sk_<8 base62>_<32 base62>');
    key = { prefix: parts.prefix, full: options.apiKey, hash: hashApiKeySecret(parts.secret) };
  }
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY})`;
    const existing = await tx.apiKey.findFirst({
      where: { orgId: platform.id, name: OPERATOR_KEY_NAME },
      orderBy: { id: 'asc' },
    });
    const data = { prefix: key.prefix, secretHash: key.hash, revokedAt: null };
    const row =
      existing === null
        ? await tx.apiKey.create({ data: { ...data, orgId: platform.id, name: OPERATOR_KEY_NAME } })
        : await tx.apiKey.update({ where: { id: existing.id }, data });
    for (const phone of options.alarmPhones ?? []) {
      await tx.alarmContact.upsert({
        where: { phone },
        create: { phone, name: 'operator' },
        update: { enabled: true },
      });
    }
    return { apiKey: { id: row.id, prefix: row.prefix, full: key.full } };
  }, SEED_TRANSACTION);
}
