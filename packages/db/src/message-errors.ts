/**
 * Why a message did not arrive: the one closed set of messages.error_code, with what each code
 * means and whether sending the same message again later may succeed. Every place that fails a
 * message takes its code from here (the types hold TypeScript callers to it, the SQL gets its
 * codes as parameters from here, and a test scans the sources for any other), and the API's
 * OpenAPI document and webhook payloads enumerate the same codes. A carrier's own status or
 * error word is kept in status_detail, not here: those differ per gateway and are open-ended.
 */
export const MESSAGE_ERRORS = {
  UNKNOWN_CARRIER: { meaning: 'No carrier is known for the recipient’s number.', retryable: false },
  NO_ROUTE: { meaning: 'No channel of the platform reaches the recipient’s carrier.', retryable: false },
  ENCODING: { meaning: 'The text cannot be put on the wire of the channel that took it.', retryable: false },
  SUBMIT_REJECTED: {
    meaning: 'The carrier gateway refused the message for good; status_detail has its status.',
    retryable: false,
  },
  RETRIES_EXHAUSTED: {
    meaning: 'Every attempt the business type allows failed with a temporary error.',
    retryable: true,
  },
  VALIDITY: {
    meaning: 'The validity period of the business type ended before a final status report.',
    retryable: true,
  },
  UNDELIVERED: {
    meaning: 'The carrier reported the message undelivered (UNDELIV, DELETED, UNKNOWN); status_detail has its code.',
    retryable: true,
  },
  EXPIRED: {
    meaning: 'The carrier reported that the handset did not take the message in time (EXPIRED).',
    retryable: true,
  },
  REJECTED: {
    meaning: 'The carrier reported the message rejected (REJECTD): blocked number, content or sender.',
    retryable: false,
  },
} as const satisfies Record<string, { readonly meaning: string; readonly retryable: boolean }>;

export type MessageErrorCode = keyof typeof MESSAGE_ERRORS;

export const MESSAGE_ERROR_CODES = Object.keys(MESSAGE_ERRORS) as [MessageErrorCode, ...MessageErrorCode[]];

export function isMessageErrorCode(code: string): code is MessageErrorCode {
  return Object.hasOwn(MESSAGE_ERRORS, code);
}
