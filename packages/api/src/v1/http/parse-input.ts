import type { z } from 'zod';
import { ApiError } from '../api-error.js';

/** Enough issues to fix a request; 10,000 bad numbers do not need 10,000 lines. */
const MAX_ISSUES = 20;

export type InputPart = 'body' | 'query' | 'path';

/** Validates one part of a request; a failure is a 400 naming the fields at fault. */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, part: InputPart): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, MAX_ISSUES).map((issue) => ({
    path: formatPath(issue.path),
    code: issue.code,
    message: issue.message,
  }));
  const count = result.error.issues.length;
  const first = issues
    .slice(0, 3)
    .map((issue) => (issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`))
    .join('; ');
  const more = count > 3 ? ` (and ${count - 3} more)` : '';
  return fail(`invalid ${part}: ${first}${more}`, { part, issues, issue_count: count });
}

/** The query string as an object; a repeated parameter becomes an array, which no schema accepts. */
export function queryObject(request: Request): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [key, value] of new URL(request.url).searchParams) {
    const existing = out[key];
    out[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value];
  }
  return out;
}

function fail(message: string, details: Record<string, unknown>): never {
  throw new ApiError('validation_error', message, details);
}

/** ['messages', 3, 'text'] → messages[3].text */
function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}
