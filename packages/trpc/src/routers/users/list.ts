import { assignableRoles, listUsers } from '@smshub/api';
import { z } from 'zod';
import { permissionProcedure } from '../../trpc.js';
import { Id, Paging, userWire } from '../orgs/wire.js';
import { UserRoleInput } from './roles.js';

export const ListUsersInput = z.object({
  orgId: Id.optional(),
  role: UserRoleInput.optional(),
  status: z.enum(['active', 'invited', 'disabled']).optional(),
  search: z.string().max(100).optional(),
  ...Paging,
});

/** Users of the caller's subtree, a page at a time; with the roles the caller may give. */
export const list = permissionProcedure('users:read')
  .input(ListUsersInput)
  .query(async ({ ctx, input }) => {
    const page = await listUsers(ctx.deps, ctx.principal, input);
    const { actor } = ctx.principal;
    const self = actor.kind === 'user' ? actor.userId : null;
    return {
      // `self`: the caller's own account, whose role and status only another admin changes.
      items: page.items.map((user) => ({ ...userWire(user), self: user.id === self })),
      total: page.total,
      page: page.page,
      pageSize: page.pageSize,
      assignableRoles: actor.kind === 'user' ? assignableRoles(actor.role) : [],
    };
  });
