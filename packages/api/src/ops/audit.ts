import type { Prisma } from '@smshub/db';
import type { Principal } from './principal.js';

/** What an administrative action writes to audit_log; `orgId` is the org whose data changed. */
export interface AuditRecord {
  readonly orgId: bigint;
  /** Verb-first dotted names: org.create, user.disable, api_key.revoke, signup.approve … */
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string | bigint;
  /** JSON-safe facts worth keeping (never a secret, never a whole password or key). */
  readonly details?: Readonly<Record<string, unknown>>;
}

type AuditWriter = Pick<Prisma.TransactionClient, 'auditEntry'>;

/**
 * Writes one audit row for `principal` — inside the caller's transaction (pass the transaction
 * client), so an action and its record commit together or not at all.
 */
export async function recordAudit(db: AuditWriter, principal: Principal, record: AuditRecord): Promise<void> {
  await db.auditEntry.create({
    data: {
      orgId: record.orgId,
      actorOrgId: principal.orgId,
      userId: principal.actor.kind === 'user' ? principal.actor.userId : null,
      apiKeyId: principal.actor.kind === 'api_key' ? principal.actor.keyId : null,
      action: record.action,
      targetType: record.targetType,
      targetId: String(record.targetId),
      details: (record.details ?? {}) as Prisma.InputJsonValue,
      address: principal.address,
    },
  });
}
