import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PERMISSIONS } from '@smshub/api';
import { describe, expect, it } from 'vitest';
import { allows, CONSOLE_ROUTES, routeOf } from '../src/console/routes';

const consoleDir = fileURLToPath(new URL('../app/(console)', import.meta.url));

/** Every page.tsx under app/(console), as the path it serves. */
function consolePages(dir = consoleDir): string[] {
  const pages: string[] = [];
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) pages.push(...consolePages(full));
    else if (entry === 'page.tsx') {
      const relative = path
        .relative(consoleDir, path.dirname(full))
        .split(path.sep)
        .filter((p) => p !== '' && !p.startsWith('('));
      pages.push(`/${relative.join('/')}`);
    }
  }
  return pages;
}

function pageFile(route: string): string {
  return path.join(consoleDir, route === '/' ? '' : route, 'page.tsx');
}

describe('the console route table', () => {
  it('lists every console page, and every listed path has a page that checks its own route', () => {
    const pages = consolePages();
    for (const page of pages) expect(routeOf(page), `app/(console)${page}/page.tsx is not in routes.ts`).toBeDefined();
    for (const route of CONSOLE_ROUTES) {
      expect(pages, `${route.path} has no page`).toContain(route.path);
      const source = readFileSync(pageFile(route.path), 'utf8');
      expect(source, `${route.path}/page.tsx must call requireRoute('${route.path}')`).toContain(
        `requireRoute('${route.path}')`,
      );
    }
  });

  it('names only permissions of the one vocabulary, and one route per path and per menu key', () => {
    for (const route of CONSOLE_ROUTES) {
      if (route.permission !== null) expect(PERMISSIONS).toContain(route.permission);
    }
    expect(new Set(CONSOLE_ROUTES.map((r) => r.path)).size).toBe(CONSOLE_ROUTES.length);
    expect(new Set(CONSOLE_ROUTES.map((r) => r.key)).size).toBe(CONSOLE_ROUTES.length);
  });

  it('allows a route by its permission alone', () => {
    const orgs = routeOf('/orgs')!;
    expect(allows(orgs, new Set(['orgs:read']))).toBe(true);
    expect(allows(orgs, new Set(['messages:read']))).toBe(false);
    expect(allows(routeOf('/')!, new Set())).toBe(true);
  });
});
