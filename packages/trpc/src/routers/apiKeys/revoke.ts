import { revokeApiKey, RevokeApiKeyInput } from '@smshub/api';
import { permissionProcedure } from '../../trpc.js';

/** Revokes at once in this process, within 5 s in the others (the key cache). */
export const revoke = permissionProcedure('api_keys:manage')
  .input(RevokeApiKeyInput)
  .mutation(({ ctx, input }) => revokeApiKey(ctx.deps, ctx.principal, input));
