import { statusProcedure } from './status-procedure.js';

/** Lets a disabled user of the caller's subtree sign in again. */
export const enable = statusProcedure('enable');
