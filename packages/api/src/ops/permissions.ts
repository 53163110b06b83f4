import type { OrgKind, UserRole } from '@smshub/db';

/**
 * Everything a principal may be allowed to do, by name. An API key's scopes and a user's role
 * both resolve to a set of these, and every operation checks one of them (`requirePermission`):
 * there is no other access vocabulary. A name added here needs its zh-CN and English labels in
 * the console's locales (a test checks) and a place in the tables below.
 */
export const PERMISSIONS = [
  // The REST API's scopes, unchanged: an API key lists these.
  'messages:send',
  'messages:read',
  'webhooks:manage',
  'operations',
  // The console's.
  'orgs:read',
  'orgs:manage',
  'users:read',
  'users:manage',
  'api_keys:manage',
  'audit:read',
  'signups:review',
  // Money (issue 12): read balance, ledger, statements and prices; pay online, transfer to an org
  // below, buy packs, ask for invoices; set prices and billing plans of orgs below; the platform's
  // own bookkeeping (manual recharge, adjustments, invoices issued, freeze settings).
  'billing:read',
  'billing:recharge',
  'billing:manage',
  'billing:operate',
] as const;

export type Permission = (typeof PERMISSIONS)[number];

/** What an API key may be given; the rest are the console's alone. */
export const API_KEY_SCOPES = [
  'messages:send',
  'messages:read',
  'webhooks:manage',
  'operations',
  'billing:read',
] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/**
 * Only the platform org's principals get these, whatever their role or scopes: to anyone else
 * the routes and procedures that need them do not exist (404 / NOT_FOUND).
 */
export const PLATFORM_PERMISSIONS: ReadonlySet<Permission> = new Set<Permission>([
  'operations',
  'signups:review',
  'billing:operate',
]);

/** A user's role → what it may do within its org's subtree. */
export const ROLE_PERMISSIONS: Readonly<Record<UserRole, readonly Permission[]>> = {
  // An owner is the admin who signed the org up: the same permissions (users/ranks tell them apart).
  owner: PERMISSIONS,
  admin: PERMISSIONS,
  operator: ['messages:send', 'messages:read', 'orgs:read', 'billing:read'],
  reviewer: ['messages:read', 'orgs:read'],
  finance: ['messages:read', 'orgs:read', 'billing:read', 'billing:recharge'],
  viewer: ['messages:read', 'orgs:read'],
  developer: ['messages:read', 'webhooks:manage', 'api_keys:manage', 'orgs:read'],
};

function withoutPlatformOnly(permissions: Iterable<Permission>, orgKind: OrgKind): ReadonlySet<Permission> {
  const result = new Set<Permission>();
  for (const permission of permissions) {
    if (PLATFORM_PERMISSIONS.has(permission) && orgKind !== 'platform') continue;
    result.add(permission);
  }
  return result;
}

export function permissionsOfRole(role: UserRole, orgKind: OrgKind): ReadonlySet<Permission> {
  return withoutPlatformOnly(ROLE_PERMISSIONS[role], orgKind);
}

/** A key with no scopes may use every scope (the REST API's rule since v1). */
export function permissionsOfScopes(scopes: readonly string[], orgKind: OrgKind): ReadonlySet<Permission> {
  const granted = scopes.length === 0 ? API_KEY_SCOPES : API_KEY_SCOPES.filter((scope) => scopes.includes(scope));
  return withoutPlatformOnly(granted, orgKind);
}

export function isApiKeyScope(value: string): value is ApiKeyScope {
  return (API_KEY_SCOPES as readonly string[]).includes(value);
}
