import type { Prisma, UserRole, UserStatus } from '@smshub/db';
import { ApiError } from '../../v1/api-error.js';
import type { ApiDeps } from '../../v1/deps.js';
import { requirePermission, type Principal } from '../principal.js';
import { visibleOrgRelation } from '../visibility.js';
import { toUserView, USER_VIEW_SELECT, type UserView } from './user-view.js';

export interface ListUsersInput {
  readonly orgId?: bigint;
  readonly role?: UserRole;
  readonly status?: UserStatus;
  /** Part of the email, name or phone. */
  readonly search?: string;
  /** 1-based. */
  readonly page?: number;
  readonly pageSize?: number;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
}

export const MAX_PAGE_SIZE = 100;

/** Users of the orgs in the principal's subtree; an org filter outside it finds nobody. */
export async function listUsers(
  deps: ApiDeps,
  principal: Principal,
  input: ListUsersInput = {},
): Promise<Page<UserView>> {
  requirePermission(principal, 'users:read');
  const { page, pageSize } = paging(input);
  const search = input.search?.trim() ?? '';
  const where: Prisma.UserWhereInput = {
    ...visibleOrgRelation(principal),
    ...(input.orgId === undefined ? {} : { orgId: input.orgId }),
    ...(input.role === undefined ? {} : { role: input.role }),
    ...(input.status === undefined ? {} : { status: input.status }),
    ...(search === ''
      ? {}
      : {
          OR: [
            { email: { contains: search, mode: 'insensitive' } },
            { name: { contains: search, mode: 'insensitive' } },
            { phone: { contains: search } },
          ],
        }),
  };
  const [rows, total] = await Promise.all([
    deps.prisma.user.findMany({
      where,
      select: USER_VIEW_SELECT,
      orderBy: { id: 'asc' },
      skip: (page - 1) * pageSize,
      take: pageSize,
    }),
    deps.prisma.user.count({ where }),
  ]);
  return { items: rows.map(toUserView), total, page, pageSize };
}

export function paging(input: { page?: number; pageSize?: number }): { page: number; pageSize: number } {
  const page = input.page ?? 1;
  const pageSize = input.pageSize ?? 20;
  if (!Number.isInteger(page) || page < 1) throw new ApiError('validation_error', 'page: from 1', { field: 'page' });
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
    throw new ApiError('validation_error', `page_size: 1 to ${MAX_PAGE_SIZE}`, { field: 'page_size' });
  }
  return { page, pageSize };
}
