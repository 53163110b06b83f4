import type { UserRole } from '@smshub/db';
import { ApiError } from '../../v1/api-error.js';
import type { ApiDeps } from '../../v1/deps.js';
import { recordAudit } from '../audit.js';
import { requirePermission, type Principal } from '../principal.js';
import { visibleOrgRelation } from '../visibility.js';
import { checkNotSelf, checkRoleReach } from './roles.js';
import { toUserView, USER_VIEW_SELECT, type UserView } from './user-view.js';

export type UserStatusAction = 'disable' | 'enable';

/** Gives a user of the principal's subtree another role, up to the principal's own. */
export async function setUserRole(
  deps: ApiDeps,
  principal: Principal,
  input: { userId: bigint; role: UserRole },
): Promise<UserView> {
  requirePermission(principal, 'users:manage');
  checkNotSelf(principal, input.userId);
  checkRoleReach(principal, input.role, 'give');
  return deps.prisma.$transaction(async (tx) => {
    const user = await tx.user.findFirst({
      where: { id: input.userId, ...visibleOrgRelation(principal) },
      select: { id: true, orgId: true, role: true },
    });
    if (user === null) throw ApiError.notFound('user', String(input.userId));
    checkRoleReach(principal, user.role, 'change');
    const row = await tx.user.update({ where: { id: user.id }, data: { role: input.role }, select: USER_VIEW_SELECT });
    await recordAudit(tx, principal, {
      orgId: user.orgId,
      action: 'user.set_role',
      targetType: 'user',
      targetId: user.id,
      details: { from: user.role, to: input.role },
    });
    return toUserView(row);
  });
}

/**
 * Disables or enables a user of the principal's subtree (never the principal itself). Disabling
 * ends the user's sessions at once, in every portal process (user_sessions.revoked_at).
 */
export async function setUserStatus(
  deps: ApiDeps,
  principal: Principal,
  input: { userId: bigint; action: UserStatusAction },
): Promise<UserView> {
  requirePermission(principal, 'users:manage');
  checkNotSelf(principal, input.userId);
  return deps.prisma.$transaction(async (tx) => {
    const user = await tx.user.findFirst({
      where: { id: input.userId, ...visibleOrgRelation(principal) },
      select: { id: true, orgId: true, role: true, status: true },
    });
    if (user === null) throw ApiError.notFound('user', String(input.userId));
    checkRoleReach(principal, user.role, 'change');
    const to = input.action === 'disable' ? 'disabled' : 'active';
    if (user.status === to) {
      throw new ApiError('invalid_status_change', `user ${user.id} is already ${user.status}`, {
        status: user.status,
        action: input.action,
      });
    }
    const row = await tx.user.update({
      where: { id: user.id },
      data: { status: to, ...(to === 'active' ? { failedLogins: 0, lockedUntil: null } : {}) },
      select: USER_VIEW_SELECT,
    });
    if (to === 'disabled') {
      await tx.userSession.updateMany({ where: { userId: user.id, revokedAt: null }, data: { revokedAt: deps.now() } });
    }
    await recordAudit(tx, principal, {
      orgId: user.orgId,
      action: `user.${input.action}`,
      targetType: 'user',
      targetId: user.id,
      details: { from: user.status, to },
    });
    return toUserView(row);
  });
}
