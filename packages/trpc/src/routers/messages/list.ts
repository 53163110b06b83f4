import { listConsoleMessages, ListMessagesInput } from '@smshub/api';
import { permissionProcedure } from '../../trpc.js';

/** Messages of my subtree, newest first, filtered and paged on the server. */
export const list = permissionProcedure('messages:read')
  .input(ListMessagesInput.optional())
  .query(({ ctx, input }) => listConsoleMessages(ctx.deps, ctx.principal, input ?? {}));
