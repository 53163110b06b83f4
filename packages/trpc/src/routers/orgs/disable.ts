import { statusProcedure } from './status-procedure.js';

/** Suspends an org strictly below the caller's: its API keys stop working. */
export const disable = statusProcedure('disable');
