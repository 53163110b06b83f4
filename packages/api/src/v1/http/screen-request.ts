import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { ApiError } from '../api-error.js';
import { errorResponse } from './responses.js';
import { lookupApiRoute } from './route-table.js';

/**
 * What the framework would answer itself, before any handler runs, answered the API's way
 * instead: a JSON error with a request id, logged. Next.js meets a malformed percent escape in a
 * path (`/api/v1/messages/%E0%A4%A`) and a method it does not know (TRACE) with a plain-text 500,
 * a path no route has with an HTML 404, and a method the route lacks with an empty 405. The
 * portal's proxy calls this for every /api request; null means "a handler will answer". The lean
 * API server (`createApiServer`) refuses by the same lookup.
 */
export function screenApiRequest(request: Request, logger: Logger): Response | null {
  return screenApiRequestLine(request.method, request.url, logger);
}

/**
 * The same from the request line alone, for where no Web Request can be made: the fetch
 * standard forbids TRACE, TRACK and CONNECT, so Node's Request constructor throws for them (which
 * is Next's 500) and the portal has to answer them from the raw Node request.
 */
export function screenApiRequestLine(method: string, url: string, logger: Logger): Response | null {
  const { pathname } = new URL(url, 'http://api.invalid');
  const lookup = lookupApiRoute(method, pathname);
  if (lookup.kind !== 'refused') return null;
  return refusalResponse(lookup, method, pathname, logger);
}

/** The refusal as the API's error (request id in the body and X-Request-Id, `Allow` for a 405), logged. */
export function refusalResponse(
  refusal: { readonly error: ApiError; readonly allow?: string },
  method: string,
  pathname: string,
  logger: Logger,
): Response {
  const requestId = randomUUID();
  const response = errorResponse(refusal.error, requestId);
  response.headers.set('x-request-id', requestId);
  if (refusal.allow !== undefined) response.headers.set('allow', refusal.allow);
  logger.info(
    { requestId, method, path: pathname, status: response.status, code: refusal.error.code },
    'api request refused before routing',
  );
  return response;
}
