import { router } from './trpc.js';
import { sessionRouter } from './routers/session/router.js';
import { apiKeysRouter } from './routers/apiKeys/router.js';
import { messagesRouter } from './routers/messages/router.js';
import { homeRouter } from './routers/home/router.js';
import { developerRouter } from './routers/developer/router.js';
import { authRouter } from './routers/auth/router.js';
import { signupsRouter } from './routers/signups/router.js';
import { accountRouter } from './routers/account/router.js';
import { orgsRouter } from './routers/orgs/router.js';
import { usersRouter } from './routers/users/router.js';
import { auditRouter } from './routers/audit/router.js';
import { billingRouter } from './routers/billing/router.js';

/** Every domain's router: the access test walks this object, so a new procedure cannot go untested. */
export const appRouter = router({
  session: sessionRouter,
  apiKeys: apiKeysRouter,
  messages: messagesRouter,
  home: homeRouter,
  developer: developerRouter,
  auth: authRouter,
  signups: signupsRouter,
  account: accountRouter,
  orgs: orgsRouter,
  users: usersRouter,
  audit: auditRouter,
  billing: billingRouter,
});

export type AppRouter = typeof appRouter;
