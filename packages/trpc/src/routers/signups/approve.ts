import { approveSignup } from '@smshub/api';
import { permissionProcedure } from '../../trpc.js';
import { OrgIdInput } from './schemas.js';

export const approve = permissionProcedure('signups:review')
  .input(OrgIdInput)
  .mutation(({ ctx, input }) => approveSignup(ctx.deps, ctx.principal, { orgId: BigInt(input.orgId) }));
