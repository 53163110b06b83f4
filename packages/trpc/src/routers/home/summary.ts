import { homeSummary } from '@smshub/api';
import { permissionProcedure } from '../../trpc.js';

/** Balance, today's messages and success rate, recent campaigns, operators' open alarms. */
export const summary = permissionProcedure('messages:read').query(({ ctx }) => homeSummary(ctx.deps, ctx.principal));
