import { ApiError } from '../api-error.js';
import { contract, type RouteSpec } from '../contract.js';

/**
 * Which route of the contract a request line names, judged the way Next.js serves the portal's
 * route files, so both servers answer alike: HEAD runs a path's GET route and OPTIONS is answered
 * for every path (Next implements both for each route file); a malformed percent escape is a 400,
 * a path no route has a 404, a method the path lacks a 405 with `Allow`. Built from the contract
 * once; no second list of routes exists.
 */
export type RouteLookup =
  | { readonly kind: 'route'; readonly route: RouteSpec }
  /** OPTIONS: Next answers 204 with `Allow` for every route file. */
  | { readonly kind: 'options'; readonly allow: string }
  | { readonly kind: 'refused'; readonly error: ApiError; readonly allow?: string };

interface PathEntry {
  /** The template's segments; null where a `{name}` matches any one segment. */
  readonly segments: readonly (string | null)[];
  readonly methods: ReadonlyMap<string, RouteSpec>;
  readonly allow: string;
}

/** A path's non-empty segments (`/api//v1/messages/` is `/api/v1/messages`, as the screen always read it). */
function splitPath(pathname: string): string[] {
  return pathname.split('/').filter((segment) => segment !== '');
}

export class RouteTable {
  private readonly paths: readonly PathEntry[];

  constructor(routes: readonly RouteSpec[]) {
    const byPath = new Map<string, Map<string, RouteSpec>>();
    for (const route of routes) {
      const methods = byPath.get(route.path) ?? new Map<string, RouteSpec>();
      methods.set(route.method, route);
      byPath.set(route.path, methods);
    }
    const entries = [...byPath].map(([path, methods]): PathEntry => {
      const names = new Set<string>(methods.keys());
      if (names.has('GET')) names.add('HEAD');
      names.add('OPTIONS');
      return {
        segments: splitPath(path).map((part) => (part.startsWith('{') && part.endsWith('}') ? null : part)),
        methods,
        allow: [...names].sort().join(', '),
      };
    });
    // Where two templates fit one path, the literal segment wins over a `{name}` at the first
    // place they differ, as a static folder wins over a dynamic one in Next.
    const rank = (entry: PathEntry) => entry.segments.map((part) => (part === null ? '1' : '0')).join('');
    this.paths = entries.sort((a, b) => (rank(a) < rank(b) ? -1 : rank(a) > rank(b) ? 1 : 0));
  }

  /** `pathname` as a URL parser gives it: not percent-decoded, dot segments resolved. */
  lookup(method: string, pathname: string): RouteLookup {
    const segments = splitPath(pathname);
    for (const [index, segment] of segments.entries()) {
      if (!segment.includes('%')) continue;
      try {
        decodeURIComponent(segment);
      } catch {
        return {
          kind: 'refused',
          error: new ApiError('validation_error', `invalid path: segment ${index + 1} has a malformed percent escape`, {
            part: 'path',
            issues: [{ path: '', code: 'invalid_format', message: 'malformed percent escape' }],
            issue_count: 1,
          }),
        };
      }
    }
    const entry = this.paths.find(
      (path) =>
        path.segments.length === segments.length &&
        path.segments.every((part, i) => part === null || part === segments[i]),
    );
    if (entry === undefined) {
      return { kind: 'refused', error: new ApiError('not_found', `no API route has the path /${segments.join('/')}`) };
    }
    const route = entry.methods.get(method === 'HEAD' ? 'GET' : method);
    if (route !== undefined) return { kind: 'route', route };
    if (method === 'OPTIONS') return { kind: 'options', allow: entry.allow };
    return {
      kind: 'refused',
      error: new ApiError('method_not_allowed', `${method} is not a method of this path; it allows ${entry.allow}`),
      allow: entry.allow,
    };
  }
}

const API_ROUTES = new RouteTable(Object.values(contract));

/** The contract's route for a request line (see `RouteTable.lookup`). */
export function lookupApiRoute(method: string, pathname: string): RouteLookup {
  return API_ROUTES.lookup(method, pathname);
}
