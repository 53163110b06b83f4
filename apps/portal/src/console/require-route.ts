import type { Principal } from '@smshub/api';
import { forbidden, redirect } from 'next/navigation';
import { currentPrincipal } from '../auth/principal';
import { allows, routeOf } from './routes';

/**
 * The access check of every console page: signed in (else to the sign-in page, coming back
 * here after), and allowed by the route table (else Next's 403 page, which says why).
 */
export async function requireRoute(path: string): Promise<Principal> {
  const route = routeOf(path);
  if (route === undefined) throw new Error(`console: ${path} is not in the route table (src/console/routes.ts)`);
  const principal = await currentPrincipal();
  if (principal === null) redirect(`/sign-in?callbackUrl=${encodeURIComponent(path)}`);
  if (!allows(route, principal.permissions)) forbidden();
  return principal;
}
