import { router } from '../../trpc.js';
import {
  bindings,
  changePassword,
  endOtherSessions,
  endSession,
  sendBindCode,
  sessions,
  setBindings,
} from './procedures.js';

/** The signed-in person's own account: sessions, password, bindings. */
export const accountRouter = router({
  sessions,
  endSession,
  endOtherSessions,
  changePassword,
  bindings,
  setBindings,
  sendBindCode,
});
