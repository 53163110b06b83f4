import { getConsoleMessage, GetMessageInput } from '@smshub/api';
import { permissionProcedure } from '../../trpc.js';

export const get = permissionProcedure('messages:read')
  .input(GetMessageInput)
  .query(({ ctx, input }) => getConsoleMessage(ctx.deps, ctx.principal, input));
