import type { z } from 'zod';
import { ApiError } from '../api-error.js';

/** Enough issues to fix a request; 10,000 bad numbers do not need 10,000 lines. */
const MAX_ISSUES = 20;

export type InputPart = 'body' | 'query' | 'path';

/**
 * Validates one part of a request; a failure is a 400 naming the fields at fault. Every body,
 * query and path goes through here, so this is also where U+0000 is refused: JSON may carry it
 * but PostgreSQL text and jsonb cannot, and a string that reached a query with it would fail
 * that query (a 500) instead of being the caller's mistake.
 */
export function parseInput<T extends z.ZodType>(schema: T, value: unknown, part: InputPart): z.output<T> {
  const nulPaths = pathsWithNul(value);
  if (nulPaths.length > 0) {
    const issues = nulPaths.map((path) => ({
      path: formatPath(path),
      code: 'invalid_string',
      message: 'U+0000 (NUL) is not allowed in text',
    }));
    const first = issues[0] as { path: string; message: string };
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    return fail(`invalid ${part}: ${first.path === '' ? '' : `${first.path}: `}${first.message}${more}`, {
      part,
      issues,
      issue_count: issues.length,
    });
  }
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

/**
 * Where U+0000 occurs in a parsed JSON value, in strings or in object keys, at most MAX_ISSUES
 * places. Iterative, so a deeply nested body cannot overflow the stack.
 */
function pathsWithNul(value: unknown): PropertyKey[][] {
  const found: PropertyKey[][] = [];
  const pending: { value: unknown; path: PropertyKey[] }[] = [{ value, path: [] }];
  while (pending.length > 0 && found.length < MAX_ISSUES) {
    const { value: current, path } = pending.pop() as { value: unknown; path: PropertyKey[] };
    if (typeof current === 'string') {
      if (current.includes('\u0000')) found.push(path);
    } else if (Array.isArray(current)) {
      for (let i = current.length - 1; i >= 0; i--) pending.push({ value: current[i], path: [...path, i] });
    } else if (typeof current === 'object' && current !== null) {
      const entries = Object.entries(current);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, child] = entries[i] as [string, unknown];
        if (key.includes('\u0000')) found.push([...path, key]);
        else pending.push({ value: child, path: [...path, key] });
      }
    }
  }
  return found.slice(0, MAX_ISSUES);
}

/** ['messages', 3, 'text'] → messages[3].text; a NUL in a key is shown as \u0000. */
function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else {
      const name = String(part).replaceAll('\u0000', '\\u0000');
      out += out === '' ? name : `.${name}`;
    }
  }
  return out;
}
