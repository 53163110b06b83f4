import { refuseSignup } from '@smshub/api';
import { permissionProcedure } from '../../trpc.js';
import { RefuseInput } from './schemas.js';

export const refuse = permissionProcedure('signups:review')
  .input(RefuseInput)
  .mutation(({ ctx, input }) =>
    refuseSignup(ctx.deps, ctx.principal, { orgId: BigInt(input.orgId), reason: input.reason }),
  );
