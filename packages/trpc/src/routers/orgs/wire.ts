import type {
  AuditView,
  OrgDetail,
  OrgEntitlements,
  OrgTreeNode,
  OrgView,
  UserEntitlements,
  UserView,
} from '@smshub/api';
import { z } from 'zod';

/**
 * How the console's orgs, users and audit entries cross tRPC: ids and li as strings (bigint does
 * not survive JSON), times as ISO strings. Shared by the orgs, users and audit routers.
 */

/** A database id as the browser sends it. */
export const Id = z
  .string()
  .regex(/^[1-9][0-9]{0,18}$/, 'an id: digits')
  .transform((value) => BigInt(value));

export const BusinessTypeCodes = z.array(z.string().min(1).max(32)).max(50);

export const Paging = {
  page: z.number().int().min(1).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
};

export function orgWire(org: OrgView) {
  return {
    id: String(org.id),
    parentId: org.parentId === null ? null : String(org.parentId),
    name: org.name,
    kind: org.kind,
    status: org.status,
    billingMode: org.billingMode,
    extensionCode: org.extensionCode,
    balanceLi: String(org.balance),
    creditLimitLi: String(org.creditLimit),
    dailyLimit: org.dailyLimit,
    monthlyLimit: org.monthlyLimit,
    rateLimit: org.rateLimit,
    ipAllowList: [...org.ipAllowList],
    childCount: org.childCount,
    depth: org.depth,
    manageable: org.manageable,
    createdAt: org.createdAt.toISOString(),
  };
}
export type OrgWire = ReturnType<typeof orgWire>;

export interface OrgTreeWire extends OrgWire {
  readonly children: OrgTreeWire[];
}

export function orgTreeWire(node: OrgTreeNode): OrgTreeWire {
  return { ...orgWire(node), children: node.children.map(orgTreeWire) };
}

export function orgDetailWire(org: OrgDetail) {
  return { ...orgWire(org), childKinds: [...org.childKinds] };
}

export function orgEntitlementsWire(e: OrgEntitlements) {
  return {
    orgId: String(e.orgId),
    own: [...e.own],
    effective: [...e.effective],
    parentEffective: [...e.parentEffective],
    businessTypes: e.businessTypes.map((type) => ({ ...type })),
  };
}

export function userWire(user: UserView) {
  return {
    id: String(user.id),
    orgId: String(user.orgId),
    orgName: user.orgName,
    email: user.email,
    name: user.name,
    phone: user.phone,
    role: user.role,
    status: user.status,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
  };
}

export function userEntitlementsWire(e: UserEntitlements) {
  return {
    userId: String(e.userId),
    own: [...e.own],
    effective: [...e.effective],
    orgEffective: [...e.orgEffective],
    businessTypes: e.businessTypes.map((type) => ({ ...type })),
  };
}

export function auditWire(entry: AuditView) {
  return {
    id: String(entry.id),
    createdAt: entry.createdAt.toISOString(),
    orgId: String(entry.orgId),
    orgName: entry.orgName,
    actorOrgId: String(entry.actorOrgId),
    userId: entry.userId === null ? null : String(entry.userId),
    userEmail: entry.userEmail,
    userName: entry.userName,
    apiKeyId: entry.apiKeyId === null ? null : String(entry.apiKeyId),
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId,
    details: entry.details as Record<string, unknown>,
    address: entry.address,
  };
}
