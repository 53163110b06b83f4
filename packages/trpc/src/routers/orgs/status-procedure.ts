import { setOrgStatus, type OrgStatusAction } from '@smshub/api';
import { z } from 'zod';
import { permissionProcedure } from '../../trpc.js';
import { Id, orgWire } from './wire.js';

export const OrgStatusInput = z.object({ orgId: Id });

export function statusProcedure(action: OrgStatusAction) {
  return permissionProcedure('orgs:manage')
    .input(OrgStatusInput)
    .mutation(async ({ ctx, input }) => orgWire(await setOrgStatus(ctx.deps, ctx.principal, { ...input, action })));
}
