import { apiKeyPrefixes } from '@smshub/api';
import { permissionProcedure } from '../../trpc.js';

/** My org's live keys' prefixes, to fill the examples (`sk_<prefix>_…`). */
export const keyPrefixes = permissionProcedure('api_keys:manage').query(({ ctx }) =>
  apiKeyPrefixes(ctx.deps, ctx.principal),
);
