/**
 * Every refusal the API gives on purpose: an HTTP status, a stable machine-readable code, a
 * sentence for the developer reading it, and details when there is more to say. Anything else
 * thrown inside a handler is a bug and is answered 500 with only a request id.
 */

export const API_ERROR_STATUS = {
  invalid_json: 400,
  validation_error: 400,
  unknown_business_type: 400,
  org_kind_not_allowed: 400,
  invalid_cursor: 400,
  invalid_code: 400,
  code_expired: 400,
  weak_password: 400,
  invalid_credit_code: 400,
  invalid_identity_number: 400,
  invalid_signature: 400,
  unauthorized: 401,
  invalid_credentials: 401,
  invalid_api_key: 401,
  api_key_revoked: 401,
  api_key_expired: 401,
  insufficient_balance: 402,
  credit_limit_exceeded: 402,
  account_frozen: 402,
  ip_not_allowed: 403,
  insufficient_scope: 403,
  permission_denied: 403,
  org_suspended: 403,
  org_closed: 403,
  account_disabled: 403,
  account_pending: 403,
  account_refused: 403,
  account_locked: 403,
  binding_refused: 403,
  signup_barred: 403,
  business_type_not_allowed: 403,
  role_not_allowed: 403,
  own_org_refused: 403,
  own_account_refused: 403,
  not_found: 404,
  method_not_allowed: 405,
  client_ref_conflict: 409,
  already_exists: 409,
  already_reviewed: 409,
  extension_code_unavailable: 409,
  invalid_status_change: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  all_recipients_rejected: 422,
  rate_limited: 429,
  daily_limit_exceeded: 429,
  monthly_limit_exceeded: 429,
  code_resend_too_soon: 429,
  code_attempts_exhausted: 429,
  internal_error: 500,
  live_state_unavailable: 503,
  sms_not_sent: 503,
  directory_unavailable: 503,
  payments_unavailable: 503,
} as const;

export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

export const API_ERROR_CODES = Object.keys(API_ERROR_STATUS) as [ApiErrorCode, ...ApiErrorCode[]];

/** JSON-serialisable details; no bigint (ids and amounts are strings or numbers by then). */
export type ApiErrorDetails = Readonly<Record<string, unknown>>;

export class ApiError extends Error {
  override readonly name = 'ApiError';
  readonly status: number;
  /** Seconds the caller should wait before trying again (the Retry-After header). */
  retryAfterSeconds?: number;

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: ApiErrorDetails,
  ) {
    super(message);
    this.status = API_ERROR_STATUS[code];
  }

  /** The one 404 for "does not exist" and "not yours": callers must not be able to tell. */
  static notFound(what: string, id: string): ApiError {
    return new ApiError('not_found', `${what} ${id} not found`);
  }

  /** A refusal that passes with time (rate and quota limits): answered with Retry-After. */
  static retryLater(
    code: ApiErrorCode,
    message: string,
    retryAfterSeconds: number,
    details?: ApiErrorDetails,
  ): ApiError {
    const error = new ApiError(code, message, { ...details, retry_after: retryAfterSeconds });
    error.retryAfterSeconds = retryAfterSeconds;
    return error;
  }
}
