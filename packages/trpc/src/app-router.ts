import { router } from './trpc.js';
import { sessionRouter } from './routers/session/router.js';

/** Every domain's router: the access test walks this object, so a new procedure cannot go untested. */
export const appRouter = router({
  session: sessionRouter,
});

export type AppRouter = typeof appRouter;
