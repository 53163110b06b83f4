import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import http from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, type TestDatabase } from '@smshub/db/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

/**
 * The portal as it runs (`next start` on the built app): requests Next itself would answer in
 * its own way — a plain-text 500 for a malformed percent escape or TRACE, an HTML 404, an empty
 * 405 — get the API's JSON error with a request id, and are logged.
 */
const portalDir = fileURLToPath(new URL('..', import.meta.url));

describe('the portal in front of API v1', () => {
  let db: TestDatabase;
  let next: ChildProcess;
  let port: number;
  let log = '';

  beforeAll(async () => {
    if (!existsSync(join(portalDir, '.next', 'BUILD_ID')))
      throw new Error('apps/portal is not built: run `turbo run build --filter=@smshub/portal` first');
    db = await createTestDatabase();
    port = await freePort();
    next = spawn(
      process.execPath,
      [join(portalDir, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port), '-H', '127.0.0.1'],
      {
        cwd: portalDir,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          DATABASE_URL: db.url,
          REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
          SMSHUB_REDIS_PREFIX: `smshub-test-portal-${process.pid}`,
          LOG_LEVEL: 'info',
          NEXT_TELEMETRY_DISABLED: '1',
        },
      },
    );
    next.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
    next.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
    await vi.waitFor(
      async () => {
        if ((await raw('GET', '/api/v1/openapi.json')).status !== 200) throw new Error('portal not ready');
      },
      { timeout: 120_000, interval: 250 },
    );
  });

  afterAll(async () => {
    // next start runs a next-server child: signal the whole group.
    if (next?.pid !== undefined) {
      try {
        process.kill(-next.pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    await db?.drop();
  });

  const cases: { name: string; method: string; path: string; status: number; code: string; allow?: string }[] = [
    {
      name: 'a malformed percent escape',
      method: 'GET',
      path: '/api/v1/messages/%E0%A4%A',
      status: 400,
      code: 'validation_error',
    },
    { name: 'a lone %', method: 'GET', path: '/api/v1/messages/%', status: 400, code: 'validation_error' },
    {
      name: 'TRACE',
      method: 'TRACE',
      path: '/api/v1/messages',
      status: 405,
      code: 'method_not_allowed',
      allow: 'GET, HEAD, OPTIONS, POST',
    },
    {
      name: 'a method the route lacks',
      method: 'PUT',
      path: '/api/v1/messages/1',
      status: 405,
      code: 'method_not_allowed',
      allow: 'GET, HEAD, OPTIONS',
    },
    { name: 'a path no route has', method: 'GET', path: '/api/v1/nope', status: 404, code: 'not_found' },
  ];
  it.each(cases)(
    '$name → $status $code as JSON with a request id, logged',
    async ({ method, path, status, code, allow }) => {
      const response = await raw(method, path);
      expect(response.status).toBe(status);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
      const requestId = response.headers['x-request-id'];
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      expect(JSON.parse(response.body)).toMatchObject({ error: { code, request_id: requestId } });
      if (allow !== undefined) expect(response.headers['allow']).toBe(allow);
      await expect.poll(() => log).toContain(`"requestId":"${requestId}"`);
    },
  );

  it('leaves everything else to the routes', async () => {
    const response = await raw('GET', '/api/v1/messages');
    expect(response.status).toBe(401);
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: 'unauthorized' } });
  });

  /** A request with the path exactly as given (fetch would refuse TRACE). */
  function raw(
    method: string,
    path: string,
  ): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
    return new Promise((resolve, reject) => {
      const request = http.request({ host: '127.0.0.1', port, method, path }, (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
      });
      request.on('error', reject);
      request.end();
    });
  }
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
