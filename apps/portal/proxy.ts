import { screenApiRequest, sharedApiDeps } from '@smshub/api';
import { NextResponse, type NextRequest } from 'next/server';

/**
 * Every /api request meets the API's own refusals before Next's routing can answer in its
 * plain-text or HTML way (a malformed percent escape or TRACE is a bare 500 there, an unknown
 * path an HTML 404): a JSON error with a request id, logged like any API answer.
 */
export function proxy(request: NextRequest): Response {
  if (CONSOLE_ENDPOINTS.some((prefix) => request.nextUrl.pathname.startsWith(prefix))) return NextResponse.next();
  return screenApiRequest(request, sharedApiDeps().logger) ?? NextResponse.next();
}

/** The console's own endpoints under /api (tRPC, next-auth): not REST routes, answered by their handlers. */
const CONSOLE_ENDPOINTS = ['/api/trpc/', '/api/auth/'];

export const config = { matcher: '/api/:path*' };
