import { normalizeNumber } from '@smshub/sms';
import { ApiError } from '../../v1/api-error.js';

/**
 * A Chinese mobile number as people type it (+86, spaces, dashes) → its 11 national digits, the
 * form users.phone keeps. Console accounts are mainland mobiles only: codes and sign-in by SMS
 * go to them.
 */
export function normalizeMobile(raw: string, field = 'phone'): string {
  const result = normalizeNumber(raw);
  if (!result.ok || result.kind !== 'cn-mobile') {
    throw new ApiError('validation_error', `${field}: not a mainland China mobile number`, {
      part: 'body',
      issues: [{ path: field, code: 'invalid_phone', message: result.ok ? 'not a mainland mobile' : result.message }],
      issue_count: 1,
    });
  }
  return result.national;
}

/** 138****8000: what a person sees of a number the code was sent to. */
export function maskMobile(national: string): string {
  return national.length === 11 ? `${national.slice(0, 3)}****${national.slice(7)}` : '****';
}
