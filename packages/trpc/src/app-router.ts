import { router } from './trpc.js';
import { sessionRouter } from './routers/session/router.js';
import { orgsRouter } from './routers/orgs/router.js';
import { usersRouter } from './routers/users/router.js';
import { auditRouter } from './routers/audit/router.js';

/** Every domain's router: the access test walks this object, so a new procedure cannot go untested. */
export const appRouter = router({
  session: sessionRouter,
  orgs: orgsRouter,
  users: usersRouter,
  audit: auditRouter,
});

export type AppRouter = typeof appRouter;
