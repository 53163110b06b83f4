import { getOrgEntitlements } from '@smshub/api';
import { z } from 'zod';
import { permissionProcedure } from '../../trpc.js';
import { Id, orgEntitlementsWire } from './wire.js';

export const OrgEntitlementsInput = z.object({ orgId: Id });

/** The business types an org of the caller's subtree may use, and what its parent may. */
export const entitlements = permissionProcedure('orgs:read')
  .input(OrgEntitlementsInput)
  .query(async ({ ctx, input }) => orgEntitlementsWire(await getOrgEntitlements(ctx.deps, ctx.principal, input)));
