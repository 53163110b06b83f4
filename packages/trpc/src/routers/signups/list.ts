import { listSignups } from '@smshub/api';
import { permissionProcedure } from '../../trpc.js';
import { ListSignupsInput } from './schemas.js';

export const list = permissionProcedure('signups:review')
  .input(ListSignupsInput)
  .query(({ ctx, input }) => listSignups(ctx.deps, ctx.principal, input));
