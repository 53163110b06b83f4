import { ApiError } from '../../v1/api-error.js';

/**
 * The refusals of the orgs triggers (decision 0140) as API errors: a code that is taken or
 * overlaps an unrelated org's (unique_violation), or no free code left below the parent
 * (check_violation raised by orgs_next_extension_code). null: not one of those.
 */
export function extensionCodeRefusal(error: unknown, code: string | null): ApiError | null {
  const text = describe(error);
  if (/orgs_extension_code_(prefix_free|key)|overlaps the code of org/.test(text)) {
    return new ApiError(
      'extension_code_unavailable',
      `extension_code ${code ?? ''} is taken by, or overlaps the code of, another org; choose another or leave it empty`,
      { field: 'extension_code' },
    );
  }
  if (/leaves no room for another level|extension code after .* is taken/.test(text)) {
    return new ApiError(
      'extension_code_unavailable',
      'no free extension code is left below this org; give one explicitly or choose another parent',
      { field: 'extension_code' },
    );
  }
  return null;
}

/** The message and every cause's, as Prisma's driver adapter nests the PostgreSQL error. */
function describe(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current !== null && current !== undefined; depth++) {
    if (typeof current === 'object') {
      const record = current as Record<string, unknown>;
      if (typeof record['message'] === 'string') parts.push(record['message']);
      parts.push(
        JSON.stringify(record['meta'] ?? null, (_key, value: unknown) =>
          typeof value === 'bigint' ? String(value) : value,
        ),
      );
      current = record['cause'];
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join('\n');
}
