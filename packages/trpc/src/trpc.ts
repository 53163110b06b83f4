import { ApiError, requirePermission, type ApiDeps, type Permission, type Principal } from '@smshub/api';
import { initTRPC, TRPCError } from '@trpc/server';
import type { TRPC_ERROR_CODE_KEY } from '@trpc/server/rpc';
import { ZodError } from 'zod';

/** What every procedure gets: the process's dependencies and who is calling (null: nobody yet). */
export interface Context {
  readonly deps: ApiDeps;
  readonly principal: Principal | null;
  /** The caller's address and browser, for sign-in, rate limits and the audit log. */
  readonly address: string | null;
  readonly userAgent: string | null;
}

/**
 * Declared by every procedure: the permission it needs (null: none — sign-in, sign-up and the
 * like), read by the access test that walks the router. `platform` marks procedures that only
 * the platform org's users may reach.
 */
export interface ProcedureMeta {
  readonly permission: Permission | null;
  /** Reachable without signing in (sign-up, sending a sign-in code): publicProcedure sets it. */
  readonly public?: boolean;
  /** Acts only on the caller's own account (its sessions, password, bindings): anyone signed in may. */
  readonly self?: boolean;
}

const STATUS_CODES: Readonly<Record<number, TRPC_ERROR_CODE_KEY>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  402: 'PAYMENT_REQUIRED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_SUPPORTED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_CONTENT',
  429: 'TOO_MANY_REQUESTS',
  503: 'SERVICE_UNAVAILABLE',
};

/** The operations' refusals cross to the browser as their API code, which the console translates. */
function toTrpcError(error: ApiError): TRPCError {
  return new TRPCError({
    code: STATUS_CODES[error.status] ?? 'INTERNAL_SERVER_ERROR',
    message: error.message,
    cause: error,
  });
}

const t = initTRPC
  .context<Context>()
  .meta<ProcedureMeta>()
  .create({
    errorFormatter({ shape, error }) {
      const cause = error.cause;
      return {
        ...shape,
        data: {
          ...shape.data,
          stack: undefined,
          apiCode: cause instanceof ApiError ? cause.code : error.code === 'BAD_REQUEST' ? 'validation_error' : null,
          details: cause instanceof ApiError ? (cause.details ?? null) : null,
          issues:
            cause instanceof ZodError
              ? cause.issues.map((i) => ({ path: i.path.map(String), message: i.message }))
              : null,
        },
      };
    },
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

const apiErrors = t.middleware(async ({ next, ctx, path }) => {
  const result = await next();
  if (!result.ok) {
    const cause = result.error.cause;
    if (cause instanceof ApiError) throw toTrpcError(cause);
    if (result.error.code === 'INTERNAL_SERVER_ERROR')
      ctx.deps.logger.error({ err: cause ?? result.error, path }, 'trpc: unhandled error');
  }
  return result;
});

/** No sign-in needed (sign-in, sign-up, sending a code). */
export const publicProcedure = t.procedure.use(apiErrors).meta({ permission: null, public: true });

/** Signed in, any permission. */
export const authedProcedure = t.procedure.use(apiErrors).use(({ ctx, next }) => {
  if (ctx.principal === null) throw new TRPCError({ code: 'UNAUTHORIZED', message: 'sign in first' });
  return next({ ctx: { ...ctx, principal: ctx.principal } });
});

/**
 * Signed in with `permission`: the one factory every console procedure is built from (the
 * permission is also in the procedure's meta, for the access test).
 */
export function permissionProcedure(permission: Permission) {
  return authedProcedure.meta({ permission }).use(({ ctx, next }) => {
    try {
      requirePermission(ctx.principal, permission);
    } catch (error) {
      if (error instanceof ApiError) throw toTrpcError(error);
      throw error;
    }
    return next();
  });
}
