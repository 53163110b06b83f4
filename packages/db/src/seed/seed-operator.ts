import { randomBytes } from 'node:crypto';
import { generateApiKey, hashApiKeySecret, parseApiKey } from '../api-keys.js';
import { hashPassword } from '../passwords.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import { SEED_LOCK_KEY, SEED_TRANSACTION, seedBase } from './seed-base.js';

export interface OperatorSeedOptions {
  /** A full key (`sk_<8>_<32>`) to install, so the operator key stays the same across runs. */
  readonly apiKey?: string;
  /** Phone numbers (as stored: national digits for Chinese mobiles, E.164 digits otherwise) that get alarm SMS. */
  readonly alarmPhones?: readonly string[];
  /** The platform administrator's sign-in (console); a new random password when absent. */
  readonly adminEmail?: string;
  readonly adminPassword?: string;
}

export interface OperatorSeed {
  /** `full` is the only copy of the secret. */
  readonly apiKey: { readonly id: bigint; readonly prefix: string; readonly full: string };
  /** The platform administrator (role admin of the platform org): approves sign-ups, sees everything. */
  readonly admin: { readonly id: bigint; readonly email: string; readonly password: string };
}

const OPERATOR_KEY_NAME = 'operator';

/**
 * An API key of the platform org for the operator routes (alarms, alarm contacts, channels)
 * and, if given, alarm contacts, and the platform administrator's console account. Idempotent:
 * the key and user rows are kept, the key's secret and the administrator's password replaced.
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
  const adminEmail = (options.adminEmail ?? 'admin@smshub.local').toLowerCase();
  const adminPassword = options.adminPassword ?? randomBytes(9).toString('base64url');
  const adminHash = await hashPassword(adminPassword);
  return prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY})`;
    const admin = await tx.user.upsert({
      where: { email: adminEmail },
      create: { orgId: platform.id, email: adminEmail, name: '平台管理员', passwordHash: adminHash, role: 'admin' },
      update: { passwordHash: adminHash, status: 'active', failedLogins: 0, lockedUntil: null },
      select: { id: true },
    });
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
    return {
      apiKey: { id: row.id, prefix: row.prefix, full: key.full },
      admin: { id: admin.id, email: adminEmail, password: adminPassword },
    };
  }, SEED_TRANSACTION);
}
