import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { ApiError } from '../api-error.js';
import { actorLabel, type Principal } from '../../ops/principal.js';
import { authenticate, type AuthenticateOptions } from '../auth/authenticate.js';
import type { RouteSpec, Scope } from '../contract.js';
import type { ApiDeps } from '../deps.js';
import { parseInput } from './parse-input.js';
import { pathParams } from './path-params.js';
import { errorResponse } from './responses.js';

/** A framework-agnostic handler: Web Request in, Web Response out. */
export type ApiHandler = (request: Request, deps: ApiDeps) => Promise<Response>;

export interface Call {
  readonly request: Request;
  readonly deps: ApiDeps;
  readonly principal: Principal;
  /** The route's `{name}` segments, validated by its params schema. */
  readonly params: Readonly<Record<string, string>>;
  readonly requestId: string;
  readonly log: Logger;
}

/**
 * Wraps a route's work with what every call needs: a request id (X-Request-Id, and in every error
 * body), authentication for the route's scope, path parameters, and the one error format. An
 * ApiError becomes its status and code; anything else is logged with its stack and answered 500
 * with the request id only.
 */
export function endpoint(
  route: RouteSpec & { readonly scope: Scope },
  run: (call: Call) => Promise<Response>,
  options: AuthenticateOptions = {},
): ApiHandler {
  return async (request, deps) => {
    const requestId = randomUUID();
    const started = performance.now();
    let log = deps.logger.child({ requestId, operation: route.operationId });
    let response: Response;
    try {
      const principal = await authenticate(request, deps, route.scope, options);
      log = log.child({ org: String(principal.orgId), actor: actorLabel(principal.actor) });
      const raw = pathParams(route.path, new URL(request.url).pathname) ?? {};
      const params =
        route.params === undefined ? {} : (parseInput(route.params, raw, 'path') as Record<string, string>);
      response = await run({ request, deps, principal, params, requestId, log });
    } catch (error) {
      if (error instanceof ApiError) {
        response = errorResponse(error, requestId);
      } else {
        log.error({ err: error }, 'api: unhandled error');
        response = errorResponse(
          new ApiError(
            'internal_error',
            `internal error (request ${requestId}); nothing was wrong with the request as far as we know`,
          ),
          requestId,
        );
      }
    }
    response.headers.set('x-request-id', requestId);
    log.info(
      { method: request.method, status: response.status, ms: Math.round(performance.now() - started) },
      'api request',
    );
    return response;
  };
}
