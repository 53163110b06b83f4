import { statusProcedure } from './status-procedure.js';

/** Lets a suspended org below the caller's work again. */
export const enable = statusProcedure('enable');
