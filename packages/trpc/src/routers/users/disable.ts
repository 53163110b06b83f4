import { statusProcedure } from './status-procedure.js';

/** Disables a user of the caller's subtree (never the caller), ending its sessions. */
export const disable = statusProcedure('disable');
