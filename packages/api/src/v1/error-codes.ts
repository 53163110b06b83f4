/**
 * The refusal codes alone, with no Node-only imports: the console's browser code translates by
 * them (`@smshub/api/error-codes`).
 */
export { API_ERROR_CODES, type ApiErrorCode } from './api-error.js';
