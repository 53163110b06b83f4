import { getSignup } from '@smshub/api';
import { permissionProcedure } from '../../trpc.js';
import { OrgIdInput } from './schemas.js';

export const get = permissionProcedure('signups:review')
  .input(OrgIdInput)
  .query(({ ctx, input }) => getSignup(ctx.deps, ctx.principal, { orgId: BigInt(input.orgId) }));
