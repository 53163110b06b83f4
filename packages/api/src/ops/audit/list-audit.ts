import type { Prisma } from '@smshub/db';
import { ApiError } from '../../v1/api-error.js';
import type { ApiDeps } from '../../v1/deps.js';
import { requirePermission, type Principal } from '../principal.js';
import { paging, type Page } from '../users/list-users.js';
import { visibleOrgRelation } from '../visibility.js';

export interface ListAuditInput {
  /** Exact action (org.create) or a prefix ending in a dot (org.). */
  readonly action?: string;
  readonly userId?: bigint;
  readonly orgId?: bigint;
  /** Inclusive from, exclusive to. */
  readonly from?: Date;
  readonly to?: Date;
  readonly page?: number;
  readonly pageSize?: number;
}

export interface AuditView {
  readonly id: bigint;
  readonly createdAt: Date;
  readonly orgId: bigint;
  readonly orgName: string;
  readonly actorOrgId: bigint;
  readonly userId: bigint | null;
  /** The acting user's email and name, when the user is in the principal's subtree. */
  readonly userEmail: string | null;
  readonly userName: string | null;
  readonly apiKeyId: bigint | null;
  readonly action: string;
  readonly targetType: string;
  readonly targetId: string;
  readonly details: unknown;
  readonly address: string | null;
}

/**
 * Audit entries about orgs of the principal's subtree (the platform's: all), newest first. An
 * actor above the principal's org (a parent's admin acting below) is shown by id only.
 */
export async function listAudit(
  deps: ApiDeps,
  principal: Principal,
  input: ListAuditInput = {},
): Promise<Page<AuditView>> {
  requirePermission(principal, 'audit:read');
  const { page, pageSize } = paging(input);
  if (input.from !== undefined && input.to !== undefined && input.from.getTime() >= input.to.getTime()) {
    throw new ApiError('validation_error', 'from: must be before to', { field: 'from' });
  }
  const action = input.action?.trim() ?? '';
  const where: Prisma.AuditEntryWhereInput = {
    ...visibleOrgRelation(principal),
    ...(action === '' ? {} : action.endsWith('.') ? { action: { startsWith: action } } : { action }),
    ...(input.userId === undefined ? {} : { userId: input.userId }),
    ...(input.orgId === undefined ? {} : { orgId: input.orgId }),
    ...(input.from === undefined && input.to === undefined
      ? {}
      : {
          createdAt: {
            ...(input.from === undefined ? {} : { gte: input.from }),
            ...(input.to === undefined ? {} : { lt: input.to }),
          },
        }),
  };
  const [rows, total] = await Promise.all([
    deps.prisma.auditEntry.findMany({
      where,
      include: { org: { select: { name: true } } },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: (page - 1) * pageSize,
      take: pageSize,
    }),
    deps.prisma.auditEntry.count({ where }),
  ]);
  const userIds = [...new Set(rows.flatMap((row) => (row.userId === null ? [] : [row.userId])))];
  const users =
    userIds.length === 0
      ? []
      : await deps.prisma.user.findMany({
          where: { id: { in: userIds }, ...visibleOrgRelation(principal) },
          select: { id: true, email: true, name: true },
        });
  const userOf = new Map(users.map((user) => [user.id, user]));
  return {
    items: rows.map((row) => ({
      id: row.id,
      createdAt: row.createdAt,
      orgId: row.orgId,
      orgName: row.org.name,
      actorOrgId: row.actorOrgId,
      userId: row.userId,
      userEmail: row.userId === null ? null : (userOf.get(row.userId)?.email ?? null),
      userName: row.userId === null ? null : (userOf.get(row.userId)?.name ?? null),
      apiKeyId: row.apiKeyId,
      action: row.action,
      targetType: row.targetType,
      targetId: row.targetId,
      details: row.details,
      address: row.address,
    })),
    total,
    page,
    pageSize,
  };
}
