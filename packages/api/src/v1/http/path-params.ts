/**
 * Values of a route's `{name}` segments, matched against the end of the request path so the
 * handlers work wherever the app mounts them (Next's app/api/v1/…, a test, a proxy prefix).
 * Returns null when the path does not have the route's shape.
 */
export function pathParams(template: string, pathname: string): Record<string, string> | null {
  const want = template.split('/').filter((part) => part !== '');
  const have = pathname.split('/').filter((part) => part !== '');
  if (have.length < want.length) return null;
  const offset = have.length - want.length;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const expected = want[i] as string;
    const actual = have[offset + i] as string;
    if (expected.startsWith('{') && expected.endsWith('}')) {
      try {
        params[expected.slice(1, -1)] = decodeURIComponent(actual);
      } catch {
        return null;
      }
    } else if (expected !== actual) {
      return null;
    }
  }
  return params;
}
