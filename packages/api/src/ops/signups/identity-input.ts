import { checkCreditCode, checkResidentId } from '@smshub/core';
import { ApiError } from '../../v1/api-error.js';

/** A credit code as stored (upper case), or `invalid_credit_code` with GB 32100's reason. */
export function requireCreditCode(input: string, field = 'creditCode'): string {
  const result = checkCreditCode(input);
  if (result.ok) return result.code;
  throw new ApiError('invalid_credit_code', `${field}: not a valid unified social credit code (${result.reason})`, {
    field,
    reason: result.reason,
  });
}

/** An identity number as stored (X upper case), or `invalid_identity_number` with GB 11643's reason. */
export function requireResidentId(input: string, today: Date, field = 'identityNumber'): string {
  const result = checkResidentId(input, today);
  if (result.ok) return result.number;
  throw new ApiError('invalid_identity_number', `${field}: not a valid identity number (${result.reason})`, {
    field,
    reason: result.reason,
  });
}

/** 110105********002X: enough for an operator to tell two people apart, not the whole number. */
export function maskIdentifier(identifier: string): string {
  return identifier.length === 18 ? `${identifier.slice(0, 6)}********${identifier.slice(14)}` : '****';
}
