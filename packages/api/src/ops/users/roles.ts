import type { UserRole } from '@smshub/db';
import { ApiError } from '../../v1/api-error.js';
import type { Principal } from '../principal.js';

export const USER_ROLES = [
  'owner',
  'admin',
  'operator',
  'reviewer',
  'finance',
  'developer',
  'viewer',
] as const satisfies readonly UserRole[];

/**
 * How far up a role sits: an admin may give a role only up to its own rank and may change only
 * users at or below it — so no one makes anyone (or themselves, through another account) more
 * than they are. The specialist roles share a rank: none of them manages users.
 */
export const ROLE_RANK: Readonly<Record<UserRole, number>> = {
  owner: 3,
  admin: 2,
  operator: 1,
  reviewer: 1,
  finance: 1,
  developer: 1,
  viewer: 1,
};

/** The roles `actorRole` may give or change (ROLE_RANK). */
export function assignableRoles(actorRole: UserRole): UserRole[] {
  return USER_ROLES.filter((role) => ROLE_RANK[role] <= ROLE_RANK[actorRole]);
}

/** The acting user's role; an API key never manages users. */
export function actingRole(principal: Principal): UserRole {
  if (principal.actor.kind !== 'user') {
    throw new ApiError('permission_denied', 'users are managed by a signed-in user, not an API key');
  }
  return principal.actor.role;
}

/** Refuses giving `role`, or touching a user whose role is `current`, above the actor's own rank. */
export function checkRoleReach(principal: Principal, role: UserRole, what: 'give' | 'change'): void {
  const own = actingRole(principal);
  if (ROLE_RANK[role] > ROLE_RANK[own]) {
    throw new ApiError(
      'role_not_allowed',
      what === 'give'
        ? `your role (${own}) cannot give the role ${role}`
        : `your role (${own}) cannot change a user whose role is ${role}`,
      { role, own_role: own, assignable: assignableRoles(own) },
    );
  }
}

/** Refuses an admin's change to its own account (role, status): another admin does that. */
export function checkNotSelf(principal: Principal, userId: bigint): void {
  if (principal.actor.kind === 'user' && principal.actor.userId === userId) {
    throw new ApiError('own_account_refused', 'you cannot change your own role or status; ask another admin');
  }
}
