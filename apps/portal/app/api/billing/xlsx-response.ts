import { ApiError, sharedApiDeps, type ApiDeps, type Principal, type XlsxFile } from '@smshub/api';
import { currentPrincipal } from '../../../src/auth/principal';

/**
 * The console's XLSX downloads: the session's principal, resolved exactly as the tRPC route
 * resolves it (`currentPrincipal`), handed to an export operation; the workbook comes back as an
 * attachment, a refusal as `{ error: { code, message } }` with its status, so the page can
 * translate it by code like any other.
 */
export async function xlsxDownload(
  exporter: (deps: ApiDeps, principal: Principal) => Promise<XlsxFile>,
): Promise<Response> {
  const principal = await currentPrincipal();
  if (principal === null) return refusal(new ApiError('unauthorized', 'sign in first'));
  try {
    const file = await exporter(sharedApiDeps(), principal);
    return new Response(new Uint8Array(file.buffer), {
      status: 200,
      headers: {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': `attachment; filename="${asciiName(file.filename)}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
        'content-length': String(file.buffer.length),
        'cache-control': 'no-store',
        'x-rows': String(file.rows),
      },
    });
  } catch (error) {
    if (error instanceof ApiError) return refusal(error);
    throw error;
  }
}

/** A query parameter that must be a database id, or undefined when absent; a bad one is refused. */
export function idParam(params: URLSearchParams, name: string): bigint | undefined {
  const value = params.get(name);
  if (value === null || value === '') return undefined;
  if (!/^[1-9][0-9]{0,18}$/.test(value)) throw invalid(name, 'an id: digits');
  return BigInt(value);
}

/** An ISO 8601 time with its offset, or undefined when absent. */
export function timeParam(params: URLSearchParams, name: string): Date | undefined {
  const value = params.get(name);
  if (value === null || value === '') return undefined;
  const time = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}T/.test(value) || Number.isNaN(time.getTime())) throw invalid(name, 'an ISO 8601 time');
  return time;
}

export function invalid(field: string, expected: string): ApiError {
  return new ApiError('validation_error', `${field}: ${expected}`, { field });
}

function refusal(error: ApiError): Response {
  return Response.json({ error: { code: error.code, message: error.message } }, { status: error.status });
}

/** The plain-ASCII fallback name for browsers that ignore filename*. */
function asciiName(name: string): string {
  const ascii = name.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return ascii === '' ? 'export.xlsx' : ascii;
}
