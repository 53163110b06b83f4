import { authedProcedure } from '../../trpc.js';

/** Who is signed in: the console's shell reads it for the menu, the header and the language. */
export const me = authedProcedure.meta({ permission: null }).query(({ ctx }) => {
  const { principal } = ctx;
  return {
    orgId: String(principal.orgId),
    orgKind: principal.orgKind,
    actor:
      principal.actor.kind === 'user'
        ? { kind: 'user' as const, userId: String(principal.actor.userId), role: principal.actor.role }
        : { kind: 'api_key' as const },
    permissions: [...principal.permissions],
  };
});
