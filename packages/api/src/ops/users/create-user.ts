import { randomBytes } from 'node:crypto';
import { hashPassword, type UserRole } from '@smshub/db';
import { ApiError } from '../../v1/api-error.js';
import type { ApiDeps } from '../../v1/deps.js';
import { recordAudit } from '../audit.js';
import { requirePermission, type Principal } from '../principal.js';
import { visibleOrgsWhere } from '../visibility.js';
import { checkRoleReach } from './roles.js';
import { toUserView, USER_VIEW_SELECT, type UserView } from './user-view.js';

export interface CreateUserInput {
  readonly orgId: bigint;
  readonly email: string;
  readonly name: string;
  /** 11-digit Chinese mobile number, for SMS sign-in and resets. */
  readonly phone?: string | null;
  readonly role: UserRole;
  /** Absent: one is generated and returned once (generatedPassword). */
  readonly password?: string;
}

export interface CreatedUser {
  readonly user: UserView;
  /** The generated initial password, shown once; null when the admin chose one. */
  readonly generatedPassword: string | null;
}

export const MIN_INITIAL_PASSWORD_LENGTH = 10;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MOBILE = /^1[3-9][0-9]{9}$/;

/** A user in an org of the principal's subtree, with a role no higher than the principal's own. */
export async function createUser(deps: ApiDeps, principal: Principal, input: CreateUserInput): Promise<CreatedUser> {
  requirePermission(principal, 'users:manage');
  checkRoleReach(principal, input.role, 'give');
  const email = input.email.trim().toLowerCase();
  if (!EMAIL.test(email) || email.length > 254) {
    throw new ApiError('validation_error', 'email: not an email address', { field: 'email' });
  }
  const name = input.name.trim();
  if (name === '' || name.length > 100)
    throw new ApiError('validation_error', 'name: 1 to 100 characters', { field: 'name' });
  const phone = input.phone?.trim() || null;
  if (phone !== null && !MOBILE.test(phone)) {
    throw new ApiError('validation_error', 'phone: an 11-digit mobile number (13800138000)', { field: 'phone' });
  }
  const generatedPassword = input.password === undefined ? randomBytes(12).toString('base64url') : null;
  const password = input.password ?? generatedPassword ?? '';
  if (password.length < MIN_INITIAL_PASSWORD_LENGTH || password.length > 128) {
    throw new ApiError('validation_error', `password: ${MIN_INITIAL_PASSWORD_LENGTH} to 128 characters`, {
      field: 'password',
    });
  }
  const passwordHash = await hashPassword(password);

  return deps.prisma.$transaction(async (tx) => {
    const org = await tx.org.findFirst({
      where: { id: input.orgId, ...visibleOrgsWhere(principal) },
      select: { id: true },
    });
    if (org === null) throw ApiError.notFound('org', String(input.orgId));
    const taken = await tx.user.findFirst({
      where: { OR: [{ email }, ...(phone === null ? [] : [{ phone }])] },
      select: { email: true },
    });
    if (taken !== null) {
      const field = taken.email === email ? 'email' : 'phone';
      throw new ApiError('already_exists', `a user with this ${field} already exists`, { field });
    }
    const row = await tx.user.create({
      data: { orgId: org.id, email, name, phone, role: input.role, passwordHash, passwordChangedAt: null },
      select: USER_VIEW_SELECT,
    });
    await recordAudit(tx, principal, {
      orgId: org.id,
      action: 'user.create',
      targetType: 'user',
      targetId: row.id,
      details: { email, role: input.role, password: generatedPassword === null ? 'chosen' : 'generated' },
    });
    return { user: toUserView(row), generatedPassword };
  });
}
