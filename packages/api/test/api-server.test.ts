import http from 'node:http';
import net from 'node:net';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiHandlers,
  clientAddressFromForwardedFor,
  contract,
  createApiServer,
  MAX_BODY_BYTES,
  RouteTable,
  type ApiDeps,
  type ApiHandler,
  type ApiServer,
  type OperationId,
  type RouteSpec,
} from '../src/index.js';
import { createApiFixture, type ApiFixture } from './api-fixture.js';

/**
 * The lean API server as a client meets it on the wire: routed by the contract's route table,
 * refusing what the portal's proxy refuses (as JSON, logged), HEAD and OPTIONS as Next answers
 * them, keep-alive, bodies read only when a handler asks, the socket's address for allow-lists,
 * and a drain that finishes what it holds. The contract itself runs through it in every test file
 * of this package (the `http` project, see api-fixture.ts).
 */
describe('the lean API server', () => {
  let fx: ApiFixture;
  let api: ApiServer;
  let port: number;
  const lines: Record<string, unknown>[] = [];
  const answered: string[] = [];
  let deps: ApiDeps;

  /** Every handler, noting its operation when it is called. */
  const recording = Object.fromEntries(
    Object.entries(apiHandlers).map(([operation, handler]: [string, ApiHandler]) => [
      operation,
      (request: Request, callDeps: ApiDeps) => {
        answered.push(operation);
        return handler(request, callDeps);
      },
    ]),
  ) as Record<OperationId, ApiHandler>;

  beforeAll(async () => {
    fx = await createApiFixture();
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
        done();
      },
    });
    // No trusted proxy: the client is the socket's peer.
    deps = { ...fx.deps, logger: pino({ level: 'info' }, sink), clientAddress: clientAddressFromForwardedFor(0) };
    api = createApiServer(deps, { handlers: recording });
    port = (await api.listen(0, '127.0.0.1')).port;
  });
  afterAll(async () => {
    await api?.drain();
    await fx?.close();
  });

  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  afterAll(() => agent.destroy());

  const routes: readonly RouteSpec[] = Object.values(contract);
  const concrete = (path: string) => path.replace(/\{\w+\}/g, '1');

  it.each(routes.map((route) => [`${route.method} ${route.path}`, route] as const))(
    'routes %s to its operation',
    async (_name, route) => {
      answered.length = 0;
      const response = await request({ method: route.method, path: concrete(route.path) });
      expect(answered).toEqual([route.operationId]);
      // The handler answered: without a key, 401 from every authenticated route.
      // The Stripe webhook's authentication is its signature: without one, 400.
      expect(response.status).toBe(route.scope !== null ? 401 : route.operationId === 'stripeWebhook' ? 400 : 200);
      expect(response.headers['content-type']).toMatch(/^application\/json/);
    },
  );

  const refusals: { name: string; method: string; path: string; status: number; code: string; allow?: string }[] = [
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
    { name: 'a path outside the API', method: 'GET', path: '/', status: 404, code: 'not_found' },
  ];
  it.each(refusals)('refuses $name: $status $code as JSON with a request id, logged', async (refusal) => {
    answered.length = 0;
    const response = await request({ method: refusal.method, path: refusal.path });
    expect(response.status).toBe(refusal.status);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const requestId = response.headers['x-request-id'];
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(response.body)).toMatchObject({ error: { code: refusal.code, request_id: requestId } });
    expect(response.headers['allow']).toBe(refusal.allow);
    expect(answered).toEqual([]);
    expect(lines).toContainEqual(
      expect.objectContaining({ requestId, status: refusal.status, msg: 'api request refused before routing' }),
    );
  });

  it('answers OPTIONS with the methods of the path, and HEAD as GET without a body, as Next does', async () => {
    const options = await request({ method: 'OPTIONS', path: '/api/v1/messages' });
    expect(options.status).toBe(204);
    expect(options.headers['allow']).toBe('GET, HEAD, OPTIONS, POST');
    const head = await request({ method: 'HEAD', path: '/api/v1/openapi.json' });
    expect(head.status).toBe(200);
    expect(head.headers['content-type']).toMatch(/^application\/json/);
    expect(head.body).toBe('');
    expect((await request({ method: 'HEAD', path: '/api/v1/webhooks/1' })).status).toBe(405);
  });

  it('serves the OpenAPI document and a health check', async () => {
    const document = await request({ method: 'GET', path: '/api/v1/openapi.json' });
    expect(JSON.parse(document.body)).toMatchObject({ openapi: '3.1.0' });
    const health = await request({ method: 'GET', path: '/health' });
    expect([health.status, JSON.parse(health.body)]).toEqual([200, { status: 'ok' }]);
    expect((await request({ method: 'POST', path: '/health' })).status).toBe(405);
  });

  it('routes by the request target, not by what the Host header says', async () => {
    const response = await request({
      method: 'GET',
      path: '/api/v1/openapi.json',
      headers: { host: 'x.test/api/v1/nope?' },
    });
    expect(response.status).toBe(200);
  });

  it('keeps the connection for the next request, also after a refused one', async () => {
    const first = await request({ method: 'GET', path: '/api/v1/nope' });
    const second = await request({ method: 'GET', path: '/api/v1/messages' });
    expect(first.headers['connection']).toBe('keep-alive');
    expect(second.reusedSocket).toBe(true);
    // A small body the handler never read (401 before reading) is on hand already: kept too.
    const small = await request({ method: 'POST', path: '/api/v1/messages', body: '{"to":["13800138000"]}' });
    expect(small.status).toBe(401);
    expect(small.headers['connection']).toBe('keep-alive');
    expect((await request({ method: 'GET', path: '/api/v1/messages' })).reusedSocket).toBe(true);
  });

  it('takes the client address from the socket when no proxy is trusted', async () => {
    const org = await fx.org();
    const here = await fx.key(org.id, { ipAllowList: ['127.0.0.1'] });
    const elsewhere = await fx.key(org.id, { ipAllowList: ['203.0.113.9'] });
    const headers = (key: string) => ({ authorization: `Bearer ${key}`, 'x-forwarded-for': '203.0.113.9' });
    expect((await request({ method: 'GET', path: '/api/v1/messages', headers: headers(here) })).status).toBe(200);
    const refused = await request({ method: 'GET', path: '/api/v1/messages', headers: headers(elsewhere) });
    expect(refused.status).toBe(403);
    expect(JSON.parse(refused.body)).toMatchObject({
      error: { code: 'ip_not_allowed', details: { address: '127.0.0.1' } },
    });
  });

  it('refuses a declared body over the limit without asking for it (no 100 Continue), and closes', async () => {
    const key = await fx.key((await fx.org()).id);
    const exchange = await raw(
      `POST /api/v1/messages HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${MAX_BODY_BYTES + 1}\r\nExpect: 100-continue\r\n\r\n`,
    );
    expect(exchange.text).not.toContain('100 Continue');
    expect(exchange.text).toMatch(/^HTTP\/1\.1 413 /);
    expect(exchange.text).toMatch(/\r\nconnection: close\r\n/i);
    expect(exchange.text).toContain('"payload_too_large"');
    expect(exchange.closedByServer).toBe(true);
  });

  it('asks for a body with 100 Continue once the handler reads it', async () => {
    const key = await fx.key((await fx.org()).id);
    const body = JSON.stringify({ business_type: 'notification', to: ['13800138000'], text: 'hi' });
    const socket = net.connect(port, '127.0.0.1');
    let text = '';
    socket.setEncoding('latin1').on('data', (chunk: string) => (text += chunk));
    socket.write(
      `POST /api/v1/messages HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\n\r\n`,
    );
    await expect.poll(() => text).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\n$/);
    socket.write(body);
    await expect.poll(() => text).toMatch(/HTTP\/1\.1 201 Created[\s\S]*"accepted":1/);
    socket.destroy();
  });

  it('closes a connection whose body the handler left on the wire, rather than read it for nothing', async () => {
    // Chunked, never finished: nothing to refuse from its length, and the key is missing.
    const exchange = await raw(
      'POST /api/v1/messages HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n4\r\n{"to\r\n',
    );
    expect(exchange.text).toMatch(/^HTTP\/1\.1 401 /);
    expect(exchange.text).toMatch(/\r\nconnection: close\r\n/i);
    expect(exchange.closedByServer).toBe(true);
  });

  it('streams a response of many chunks', async () => {
    const chunks = ['{"a":', '"b"', '}'];
    const streaming = createApiServer(deps, {
      handlers: {
        ...apiHandlers,
        getOpenApiDocument: async () =>
          new Response(
            new ReadableStream<Uint8Array>({
              pull(controller) {
                const next = chunks.shift();
                if (next === undefined) controller.close();
                else controller.enqueue(new TextEncoder().encode(next));
              },
            }),
            { headers: { 'content-type': 'application/json' } },
          ),
      },
    });
    const { port: streamingPort } = await streaming.listen(0, '127.0.0.1');
    try {
      const response = await request({
        method: 'GET',
        path: '/api/v1/openapi.json',
        port: streamingPort,
        agent: false,
      });
      expect(response.headers['transfer-encoding']).toBe('chunked');
      expect(JSON.parse(response.body)).toEqual({ a: 'b' });
    } finally {
      await streaming.drain();
    }
  });

  it('drains: stops accepting, closes idle connections, answers what it holds with Connection: close, then resolves', async () => {
    const draining = createApiServer(deps);
    const { port: drainPort } = await draining.listen(0, '127.0.0.1');
    const key = await fx.key((await fx.org()).id);
    const body = JSON.stringify({ business_type: 'notification', to: ['13800138000'], text: 'drain' });

    // An idle keep-alive connection, one still sending its headers, and a request in flight
    // (the handler is reading a body that has not all arrived).
    const idle = net.connect(drainPort, '127.0.0.1');
    const idleClosed = new Promise<void>((resolve) => idle.once('close', () => resolve()));
    await new Promise<void>((resolve) => idle.once('connect', () => resolve()));
    const halfHeaders = connect(drainPort);
    halfHeaders.socket.write('GET /health HTTP/1.1\r\nHost: t\r\n');
    const inFlight = connect(drainPort);
    inFlight.socket.write(
      `POST /api/v1/messages HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer ${key}\r\nContent-Type: application/json\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 10)}`,
    );
    await expect.poll(() => draining.inFlight).toBe(1);

    let drained = false;
    const drain = draining.drain().then(() => (drained = true));
    await idleClosed;
    await expect(
      new Promise((resolve, reject) =>
        net.connect(drainPort, '127.0.0.1').once('connect', resolve).once('error', reject),
      ),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    halfHeaders.socket.write('\r\n');
    await expect.poll(() => halfHeaders.text()).toMatch(/^HTTP\/1\.1 503 [\s\S]*"status":"draining"/);
    expect(halfHeaders.text()).toMatch(/\r\nconnection: close\r\n/i);
    expect(drained).toBe(false);

    inFlight.socket.write(body.slice(10));
    await expect.poll(() => inFlight.text()).toMatch(/^HTTP\/1\.1 201 [\s\S]*"accepted":1/);
    expect(inFlight.text()).toMatch(/\r\nconnection: close\r\n/i);
    await drain;
    expect(await inFlight.closed).toBe(true);
    expect(await halfHeaders.closed).toBe(true);
  });

  it('judges paths by the route table: literal segments before a {name}, HEAD only where GET is', () => {
    const spec = (method: 'GET' | 'POST' | 'DELETE', path: string, operationId: string): RouteSpec => ({
      operationId,
      method,
      path,
      tag: 'messages',
      summary: operationId,
      scope: null,
      responses: {},
    });
    const table = new RouteTable([
      spec('GET', '/api/v1/things/{id}', 'getThing'),
      spec('DELETE', '/api/v1/things/{id}', 'deleteThing'),
      spec('POST', '/api/v1/things/search', 'searchThings'),
    ]);
    const operation = (method: string, path: string) => {
      const lookup = table.lookup(method, path);
      return lookup.kind === 'route'
        ? lookup.route.operationId
        : lookup.kind === 'options'
          ? lookup.allow
          : lookup.error.code;
    };
    expect(operation('POST', '/api/v1/things/search')).toBe('searchThings');
    expect(operation('GET', '/api/v1/things/search')).toBe('method_not_allowed');
    expect(operation('GET', '/api/v1/things/7')).toBe('getThing');
    expect(operation('HEAD', '/api/v1/things/7')).toBe('getThing');
    expect(operation('HEAD', '/api/v1/things/search')).toBe('method_not_allowed');
    expect(operation('OPTIONS', '/api/v1/things/7')).toBe('DELETE, GET, HEAD, OPTIONS');
    expect(operation('GET', '/api/v1/things/7/')).toBe('getThing');
    expect(operation('GET', '/api/v1/things')).toBe('not_found');
  });

  interface Exchange {
    readonly status: number;
    readonly headers: http.IncomingHttpHeaders;
    readonly body: string;
    readonly reusedSocket: boolean;
  }

  function request(options: {
    method: string;
    path: string;
    headers?: Record<string, string>;
    body?: string;
    port?: number;
    agent?: http.Agent | false;
  }): Promise<Exchange> {
    return new Promise((resolve, reject) => {
      const outgoing = http.request(
        {
          host: '127.0.0.1',
          port: options.port ?? port,
          method: options.method,
          path: options.path,
          headers: {
            ...(options.body === undefined ? {} : { 'content-type': 'application/json' }),
            ...options.headers,
          },
          agent: options.agent ?? agent,
        },
        (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () =>
            resolve({
              status: response.statusCode ?? 0,
              headers: response.headers,
              body,
              reusedSocket: outgoing.reusedSocket,
            }),
          );
        },
      );
      outgoing.on('error', reject);
      outgoing.end(options.body);
    });
  }

  /** Writes `text` on a new connection and collects what comes back until the server closes it. */
  async function raw(text: string): Promise<{ text: string; closedByServer: boolean }> {
    const connection = connect(port);
    connection.socket.write(text);
    const closedByServer = await connection.closed;
    return { text: connection.text(), closedByServer };
  }

  function connect(to: number): { socket: net.Socket; text: () => string; closed: Promise<boolean> } {
    const socket = net.connect(to, '127.0.0.1');
    let text = '';
    socket.setEncoding('latin1').on('data', (chunk: string) => (text += chunk));
    const closed = new Promise<boolean>((resolve) => {
      socket.once('end', () => resolve(true));
      socket.once('error', () => resolve(false));
    });
    return { socket, text: () => text, closed };
  }
});
