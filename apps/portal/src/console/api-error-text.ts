'use client';
import { API_ERROR_CODES, type ApiErrorCode } from '@smshub/api/error-codes';
import { useTranslations } from 'next-intl';

const KNOWN: ReadonlySet<string> = new Set(API_ERROR_CODES);

/** The code of a refusal, from a tRPC error (`data.apiCode`) or next-auth's `error` string. */
export function apiErrorCode(error: unknown): ApiErrorCode {
  const code = typeof error === 'string' ? error : (error as { data?: { apiCode?: unknown } } | null)?.data?.apiCode;
  return typeof code === 'string' && KNOWN.has(code) ? (code as ApiErrorCode) : 'internal_error';
}

/** Translates a refusal by its code (never by parsing its English message). */
export function useApiErrorText(): (error: unknown) => string {
  const t = useTranslations('errors');
  return (error) => t(apiErrorCode(error));
}
