import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { ApiError } from '../api-error.js';
import { contract, type RouteSpec } from '../contract.js';
import { errorResponse } from './responses.js';

/**
 * What the framework would answer itself, before any handler runs, answered the API's way
 * instead: a JSON error with a request id, logged. Next.js meets a malformed percent escape in a
 * path (`/api/v1/messages/%E0%A4%A`) and a method it does not know (TRACE) with a plain-text 500,
 * a path no route has with an HTML 404, and a method the route lacks with an empty 405. The
 * portal's proxy calls this for every /api request; null means "a handler will answer".
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
  const segments = pathname.split('/').filter((segment) => segment !== '');
  const refusal = refusalFor(method, segments);
  if (refusal === null) return null;
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

const ROUTES: readonly RouteSpec[] = Object.values(contract);

function refusalFor(method: string, segments: readonly string[]): { error: ApiError; allow?: string } | null {
  for (const [index, segment] of segments.entries()) {
    try {
      decodeURIComponent(segment);
    } catch {
      return {
        error: new ApiError('validation_error', `invalid path: segment ${index + 1} has a malformed percent escape`, {
          part: 'path',
          issues: [{ path: '', code: 'invalid_format', message: 'malformed percent escape' }],
          issue_count: 1,
        }),
      };
    }
  }
  const routes = ROUTES.filter((route) => matches(route.path, segments));
  if (routes.length === 0) {
    return { error: new ApiError('not_found', `no API route has the path /${segments.join('/')}`) };
  }
  const methods = new Set<string>(routes.map((route) => route.method));
  // Next answers these for every route handler itself (HEAD as GET without a body).
  if (methods.has('GET')) methods.add('HEAD');
  methods.add('OPTIONS');
  if (methods.has(method)) return null;
  const allow = [...methods].sort().join(', ');
  return {
    error: new ApiError('method_not_allowed', `${method} is not a method of this path; it allows ${allow}`),
    allow,
  };
}

/** The request path against a contract path; a `{name}` segment matches any one segment. */
function matches(template: string, segments: readonly string[]): boolean {
  const want = template.split('/').filter((part) => part !== '');
  return (
    want.length === segments.length &&
    want.every((part, i) => (part.startsWith('{') && part.endsWith('}')) || part === segments[i])
  );
}
