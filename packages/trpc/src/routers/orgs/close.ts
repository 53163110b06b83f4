import { statusProcedure } from './status-procedure.js';

/** Closes an org below the caller's for good. */
export const close = statusProcedure('close');
