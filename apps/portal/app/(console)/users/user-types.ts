import type { AppRouter } from '@smshub/trpc';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

export type UserRow = inferRouterOutputs<AppRouter>['users']['list']['items'][number];
export type UserRole = UserRow['role'];
export type UserStatus = UserRow['status'];
export type UserFilters = Omit<inferRouterInputs<AppRouter>['users']['list'], 'page' | 'pageSize'>;

export const ROLES: readonly UserRole[] = ['owner', 'admin', 'operator', 'reviewer', 'finance', 'developer', 'viewer'];
export const STATUSES: readonly UserStatus[] = ['active', 'invited', 'disabled'];
