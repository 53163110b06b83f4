'use client';
import { API_ERROR_CODES, type ApiErrorCode } from '@smshub/api/error-codes';

const KNOWN: ReadonlySet<string> = new Set(API_ERROR_CODES);

/** A refused download, carrying the API code the page translates (as tRPC errors carry `data.apiCode`). */
export class DownloadRefused extends Error {
  readonly data: { readonly apiCode: ApiErrorCode };
  constructor(code: ApiErrorCode, message: string) {
    super(message);
    this.data = { apiCode: code };
  }
}

/**
 * Fetches one of the /api/billing/* workbooks with the session cookie and hands it to the browser
 * as a file; a refusal is thrown as DownloadRefused (useApiErrorText translates it).
 */
export async function downloadXlsx(path: string, params: URLSearchParams, fallbackName: string): Promise<void> {
  const response = await fetch(`${path}?${params.toString()}`, { credentials: 'same-origin' });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
    const code = body?.error?.code;
    throw new DownloadRefused(
      typeof code === 'string' && KNOWN.has(code) ? (code as ApiErrorCode) : 'internal_error',
      body?.error?.message ?? `HTTP ${response.status}`,
    );
  }
  const blob = await response.blob();
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filenameOf(response.headers.get('content-disposition')) ?? fallbackName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // The click has handed the blob to the download; release it on the next turn.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

function filenameOf(disposition: string | null): string | null {
  if (disposition === null) return null;
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (utf8?.[1] !== undefined) return decodeURIComponent(utf8[1]);
  const plain = /filename="([^"]+)"/i.exec(disposition);
  return plain?.[1] ?? null;
}
