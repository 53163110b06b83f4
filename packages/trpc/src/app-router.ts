import { router } from './trpc.js';
import { sessionRouter } from './routers/session/router.js';
import { authRouter } from './routers/auth/router.js';
import { signupsRouter } from './routers/signups/router.js';
import { accountRouter } from './routers/account/router.js';

/** Every domain's router: the access test walks this object, so a new procedure cannot go untested. */
export const appRouter = router({
  session: sessionRouter,
  auth: authRouter,
  signups: signupsRouter,
  account: accountRouter,
});

export type AppRouter = typeof appRouter;
