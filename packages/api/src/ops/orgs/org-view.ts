import type { BillingMode, OrgKind, OrgStatus, Prisma } from '@smshub/db';
import type { Principal } from '../principal.js';

/** An org as the console shows it (money in li, bigint; the tRPC layer turns ids and li into strings). */
export interface OrgView {
  readonly id: bigint;
  readonly parentId: bigint | null;
  readonly name: string;
  readonly kind: OrgKind;
  readonly status: OrgStatus;
  readonly billingMode: BillingMode;
  readonly extensionCode: string | null;
  readonly balance: bigint;
  readonly creditLimit: bigint;
  readonly dailyLimit: number | null;
  readonly monthlyLimit: number | null;
  readonly rateLimit: number | null;
  readonly ipAllowList: readonly string[];
  readonly childCount: number;
  /** Depth below the principal's org (0: the principal's own org). */
  readonly depth: number;
  /** True for orgs strictly below the principal's: the ones it may change, disable or close. */
  readonly manageable: boolean;
  readonly createdAt: Date;
}

export const ORG_VIEW_SELECT = {
  id: true,
  parentId: true,
  path: true,
  name: true,
  kind: true,
  status: true,
  billingMode: true,
  extensionCode: true,
  balance: true,
  creditLimit: true,
  dailyLimit: true,
  monthlyLimit: true,
  rateLimit: true,
  ipAllowList: true,
  createdAt: true,
  _count: { select: { children: true } },
} satisfies Prisma.OrgSelect;

export type OrgViewRow = Prisma.OrgGetPayload<{ select: typeof ORG_VIEW_SELECT }>;

export function toOrgView(principal: Principal, row: OrgViewRow): OrgView {
  const depth = row.path.length - 1 - row.path.indexOf(principal.orgId);
  return {
    id: row.id,
    parentId: row.parentId,
    name: row.name,
    kind: row.kind,
    status: row.status,
    billingMode: row.billingMode,
    extensionCode: row.extensionCode,
    balance: row.balance,
    creditLimit: row.creditLimit,
    dailyLimit: row.dailyLimit,
    monthlyLimit: row.monthlyLimit,
    rateLimit: row.rateLimit,
    ipAllowList: row.ipAllowList,
    childCount: row._count.children,
    depth,
    manageable: depth > 0,
    createdAt: row.createdAt,
  };
}

/** Prisma: orgs strictly below the principal's (what it may change). */
export function orgsBelowWhere(principal: Principal): Prisma.OrgWhereInput {
  return { path: { has: principal.orgId }, NOT: { id: principal.orgId } };
}
