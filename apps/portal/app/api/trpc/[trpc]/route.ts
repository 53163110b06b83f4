import { sharedApiDeps } from '@smshub/api';
import { appRouter } from '@smshub/trpc';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { clientOfHeaders } from '../../../../src/auth/client';
import { currentPrincipal } from '../../../../src/auth/principal';
import { sameOrigin } from '../../../../src/auth/same-origin';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';

/**
 * The console's procedures. A cross-site POST is refused before any procedure runs (the session
 * cookie is SameSite=Lax as well): only pages of this origin may change anything.
 */
async function handle(request: Request): Promise<Response> {
  if (request.method !== 'GET' && !sameOrigin(request)) {
    return Response.json({ error: { message: 'cross-site request refused', code: 'FORBIDDEN' } }, { status: 403 });
  }
  const client = clientOfHeaders(request.headers);
  return fetchRequestHandler({
    endpoint: '/api/trpc',
    req: request,
    router: appRouter,
    createContext: async () => ({
      deps: sharedApiDeps(),
      principal: await currentPrincipal(),
      address: client.address,
      userAgent: client.userAgent,
    }),
  });
}

export { handle as GET, handle as POST };
