import { setUserStatus, type UserStatusAction } from '@smshub/api';
import { z } from 'zod';
import { permissionProcedure } from '../../trpc.js';
import { Id, userWire } from '../orgs/wire.js';

export const UserStatusInput = z.object({ userId: Id });

export function statusProcedure(action: UserStatusAction) {
  return permissionProcedure('users:manage')
    .input(UserStatusInput)
    .mutation(async ({ ctx, input }) => userWire(await setUserStatus(ctx.deps, ctx.principal, { ...input, action })));
}
