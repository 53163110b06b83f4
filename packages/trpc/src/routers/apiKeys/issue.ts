import { issueApiKey, IssueApiKeyInput } from '@smshub/api';
import { permissionProcedure } from '../../trpc.js';

/** A new key; the answer's `secret` is the only time the full key is shown. */
export const issue = permissionProcedure('api_keys:manage')
  .input(IssueApiKeyInput)
  .mutation(({ ctx, input }) => issueApiKey(ctx.deps, ctx.principal, input));
