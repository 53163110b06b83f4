import { randomBytes } from 'node:crypto';
import { generateApiKey, hashApiKeySecret, parseApiKey } from '../api-keys.js';
import type { Org, PrismaClient, User, WebhookEndpoint } from '../generated/prisma/client.js';
import { hashPassword } from '../passwords.js';
import { analyzeSeeded, SEED_LOCK_KEY, SEED_TRANSACTION, seedBase } from './seed-base.js';

export interface DemoSeedOptions {
  /** Default 演示企业. */
  orgName?: string;
  /** The demo owner; finds the demo org again on later runs. Default demo@smshub.local. */
  email?: string;
  /** Default demo-password. Only set when the user is created. */
  password?: string;
  /** li credited once, as a recharge, when the org is created. Default 1 000 000 000 (1 000 000 CNY). */
  balance?: bigint;
  /**
   * A full key (`sk_<8>_<32>`) to install, so the demo's key stays the same across runs. Without
   * it a new secret is generated on every run (the key row is kept; only its prefix and hash change).
   */
  apiKey?: string;
  /** Creates (or updates) a webhook endpoint for the demo org when given. */
  webhookUrl?: string;
  /** Default: a random 32-byte hex secret, kept on later runs. */
  webhookSecret?: string;
  /** Default: every event. */
  webhookEvents?: string[];
}

export interface DemoSeed {
  readonly org: Org;
  readonly user: User;
  /** `full` is the only copy of the secret: print it, it cannot be read back. */
  readonly apiKey: { readonly id: bigint; readonly prefix: string; readonly full: string };
  readonly webhookEndpoint: WebhookEndpoint | null;
}

const DEMO_KEY_NAME = 'demo';

/**
 * A demo enterprise under the platform org: prepaid balance (booked as a recharge in the ledger),
 * an owner user, an API key and, if asked, a webhook endpoint. Seeds the base data first.
 * Idempotent: a second run finds every row again and creates nothing new.
 */
export async function seedDemo(prisma: PrismaClient, options: DemoSeedOptions = {}): Promise<DemoSeed> {
  const { platform } = await seedBase(prisma);
  const email = (options.email ?? 'demo@smshub.local').toLowerCase();
  const balance = options.balance ?? 1_000_000_000n;
  if (balance < 0n) throw new Error(`seedDemo: balance ${balance} li is negative; a prepaid org cannot owe`);
  const key = options.apiKey !== undefined ? installedKey(options.apiKey) : generateApiKey();
  const passwordHash = await hashPassword(options.password ?? 'demo-password');

  const seeded = await prisma.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${SEED_LOCK_KEY})`;

    let org = (await tx.user.findUnique({ where: { email }, select: { org: true } }))?.org ?? null;
    if (org === null) {
      // No extension code given: the database allocates one (docs/decisions/0140-extension-code-allocation.md).
      org = await tx.org.create({
        data: {
          parentId: platform.id,
          kind: 'enterprise',
          name: options.orgName ?? '演示企业',
          billingMode: 'prepaid',
        },
      });
      if (balance > 0n) {
        org = await tx.org.update({ where: { id: org.id }, data: { balance: { increment: balance } } });
        await tx.ledgerEntry.create({
          data: {
            orgId: org.id,
            kind: 'recharge',
            amount: balance,
            balanceAfter: org.balance,
            externalRef: `seed:demo:${org.id}`,
            note: 'demo seed: opening balance',
          },
        });
      }
    }

    const user = await tx.user.upsert({
      where: { email },
      create: { orgId: org.id, email, name: 'Demo', passwordHash, role: 'owner' },
      update: {},
    });

    const existingKey = await tx.apiKey.findFirst({
      where: { orgId: org.id, name: DEMO_KEY_NAME },
      orderBy: { id: 'asc' },
    });
    const keyData = { prefix: key.prefix, secretHash: key.hash, revokedAt: null };
    const apiKey =
      existingKey === null
        ? await tx.apiKey.create({ data: { ...keyData, orgId: org.id, name: DEMO_KEY_NAME, createdById: user.id } })
        : await tx.apiKey.update({ where: { id: existingKey.id }, data: keyData });

    let webhookEndpoint: WebhookEndpoint | null = null;
    if (options.webhookUrl !== undefined) {
      const existing = await tx.webhookEndpoint.findFirst({ where: { orgId: org.id, url: options.webhookUrl } });
      const events = options.webhookEvents ?? [];
      webhookEndpoint =
        existing === null
          ? await tx.webhookEndpoint.create({
              data: {
                orgId: org.id,
                url: options.webhookUrl,
                secret: options.webhookSecret ?? randomBytes(32).toString('hex'),
                events,
              },
            })
          : await tx.webhookEndpoint.update({
              where: { id: existing.id },
              data: {
                events,
                enabled: true,
                ...(options.webhookSecret !== undefined ? { secret: options.webhookSecret } : {}),
              },
            });
    }

    return { org, user, apiKey: { id: apiKey.id, prefix: apiKey.prefix, full: key.full }, webhookEndpoint };
  }, SEED_TRANSACTION);
  await analyzeSeeded(prisma);
  return seeded;
}

function installedKey(full: string): { prefix: string; full: string; hash: string } {
  const parts = parseApiKey(full);
  if (parts === null) throw new Error('seedDemo: apiKey is not of the form sk_<8 base62>_<32 base62>');
  return { prefix: parts.prefix, full, hash: hashApiKeySecret(parts.secret) };
}
