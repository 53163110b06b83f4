import { getOrg } from '@smshub/api';
import { z } from 'zod';
import { permissionProcedure } from '../../trpc.js';
import { Id, orgDetailWire } from './wire.js';

export const GetOrgInput = z.object({ orgId: Id });

/** One org of the caller's subtree (NOT_FOUND otherwise), with the kinds its children may be. */
export const get = permissionProcedure('orgs:read')
  .input(GetOrgInput)
  .query(async ({ ctx, input }) => orgDetailWire(await getOrg(ctx.deps, ctx.principal, input)));
