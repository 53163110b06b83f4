import { updateApiKey, UpdateApiKeyInput } from '@smshub/api';
import { permissionProcedure } from '../../trpc.js';

/** Name, allow-list or rate of a key of my subtree. */
export const update = permissionProcedure('api_keys:manage')
  .input(UpdateApiKeyInput)
  .mutation(({ ctx, input }) => updateApiKey(ctx.deps, ctx.principal, input));
