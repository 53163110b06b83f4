import { listOrgTree } from '@smshub/api';
import { permissionProcedure } from '../../trpc.js';
import { orgTreeWire } from './wire.js';

/** The caller's org and everything below it, as a tree. */
export const tree = permissionProcedure('orgs:read').query(async ({ ctx }) =>
  orgTreeWire(await listOrgTree(ctx.deps, ctx.principal)),
);
