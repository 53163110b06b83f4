import { setOrgEntitlements } from '@smshub/api';
import { z } from 'zod';
import { permissionProcedure } from '../../trpc.js';
import { BusinessTypeCodes, Id, orgEntitlementsWire } from './wire.js';

export const SetOrgEntitlementsInput = z.object({ orgId: Id, businessTypes: BusinessTypeCodes });

/** Sets an org's business types (within its parent's; empty: all its parent's). */
export const setEntitlements = permissionProcedure('orgs:manage')
  .input(SetOrgEntitlementsInput)
  .mutation(async ({ ctx, input }) => orgEntitlementsWire(await setOrgEntitlements(ctx.deps, ctx.principal, input)));
