import { updateOrg } from '@smshub/api';
import { z } from 'zod';
import { permissionProcedure } from '../../trpc.js';
import { defined, OrgLimitsInput } from './limits.js';
import { Id, orgWire } from './wire.js';

export const UpdateOrgInput = z.object({
  orgId: Id,
  name: z.string().min(1).max(200).optional(),
  ...OrgLimitsInput,
});

/** Name and limits of an org strictly below the caller's. */
export const update = permissionProcedure('orgs:manage')
  .input(UpdateOrgInput)
  .mutation(async ({ ctx, input }) => orgWire(await updateOrg(ctx.deps, ctx.principal, defined(input))));
