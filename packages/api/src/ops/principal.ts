import type { OrgKind, UserRole } from '@smshub/db';
import { ApiError } from '../v1/api-error.js';
import { PLATFORM_PERMISSIONS, type Permission } from './permissions.js';

/** Who acts: an API key, or a person signed in to the console. */
export type Actor =
  | { readonly kind: 'api_key'; readonly keyId: bigint }
  | { readonly kind: 'user'; readonly userId: bigint; readonly role: UserRole; readonly sessionId: string };

/**
 * One principal however it was authenticated (API key, console session, later an SMPP/CMPP bind):
 * the org it acts for, where that org sits, and what it may do. Operations take nothing else.
 */
export interface Principal {
  readonly orgId: bigint;
  /** Ids from the root down to the org itself (orgs.path). */
  readonly orgPath: readonly bigint[];
  readonly orgKind: OrgKind;
  readonly extensionCode: string | null;
  /**
   * The org was frozen (nothing to spend for too long, decision 0186) when this principal was
   * resolved: it may sign in, read and recharge, not send. A hint only — an API key's org may be
   * up to the key cache's TTL old — so intake asks the database again before refusing.
   */
  readonly orgFrozen?: boolean;
  readonly actor: Actor;
  readonly permissions: ReadonlySet<Permission>;
  /** The caller's address as far as it is known (audit log, bindings). */
  readonly address: string | null;
}

/**
 * Refuses a principal without `permission`. Platform-only permissions are refused as "no such
 * thing" (404) to everyone outside the platform org, so a tenant learns nothing of them.
 */
export function requirePermission(principal: Principal, permission: Permission, what = permission): void {
  if (principal.permissions.has(permission)) return;
  if (PLATFORM_PERMISSIONS.has(permission) && principal.orgKind !== 'platform') {
    throw ApiError.notFound('operation', what);
  }
  throw new ApiError(
    principal.actor.kind === 'api_key' ? 'insufficient_scope' : 'permission_denied',
    principal.actor.kind === 'api_key'
      ? `this API key lacks the scope ${permission}`
      : `your role (${principal.actor.role}) does not allow ${permission}`,
    { required: permission },
  );
}

/** The actor for logs and the audit log: `key:12`, `user:7`. */
export function actorLabel(actor: Actor): string {
  return actor.kind === 'api_key' ? `key:${actor.keyId}` : `user:${actor.userId}`;
}
