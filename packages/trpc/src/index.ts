/**
 * @smshub/trpc — the console's procedures, by domain (routers/<domain>/<procedure>.ts with its
 * zod schema beside it). A procedure destructures, checks the permission (permissionProcedure)
 * and calls one operation of @smshub/api's operations layer; it never writes SQL of its own.
 */
export { appRouter, type AppRouter } from './app-router.js';
export { createCallerFactory, type Context, type ProcedureMeta } from './trpc.js';
/** Named in the router's inferred types (the org tree is recursive), so the console can name them too. */
export type { OrgTreeWire, OrgWire } from './routers/orgs/wire.js';
