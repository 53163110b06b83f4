import { setUserRole } from '@smshub/api';
import { z } from 'zod';
import { permissionProcedure } from '../../trpc.js';
import { Id, userWire } from '../orgs/wire.js';
import { UserRoleInput } from './roles.js';

export const SetUserRoleInput = z.object({ userId: Id, role: UserRoleInput });

/** Another role for a user of the caller's subtree, up to the caller's own. */
export const setRole = permissionProcedure('users:manage')
  .input(SetUserRoleInput)
  .mutation(async ({ ctx, input }) => userWire(await setUserRole(ctx.deps, ctx.principal, input)));
