import { getUserEntitlements } from '@smshub/api';
import { z } from 'zod';
import { permissionProcedure } from '../../trpc.js';
import { Id, userEntitlementsWire } from '../orgs/wire.js';

export const UserEntitlementsInput = z.object({ userId: Id });

/** The business types a user of the caller's subtree may send, and what its org may. */
export const entitlements = permissionProcedure('users:read')
  .input(UserEntitlementsInput)
  .query(async ({ ctx, input }) => userEntitlementsWire(await getUserEntitlements(ctx.deps, ctx.principal, input)));
