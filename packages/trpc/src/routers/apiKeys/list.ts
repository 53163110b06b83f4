import { listApiKeys, ListApiKeysInput } from '@smshub/api';
import { permissionProcedure } from '../../trpc.js';

/** Keys of my org and of the orgs below it (no secrets, no hashes). */
export const list = permissionProcedure('api_keys:manage')
  .input(ListApiKeysInput.optional())
  .query(({ ctx, input }) => listApiKeys(ctx.deps, ctx.principal, input ?? {}));
