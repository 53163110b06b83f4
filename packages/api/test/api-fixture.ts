import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { Socket } from 'node:net';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import {
  createPool,
  createPrisma,
  generateApiKey,
  IntakeCommitter,
  IntakeReferenceLoader,
  seedBase,
  type BusinessType,
  type Channel,
  type Org,
  type Prisma,
  type PrismaClient,
} from '@smshub/db';
import { createTestDatabase, type TestDatabase } from '@smshub/db/testing';
import { createRedis, DISPATCH_QUEUE, openQueue, RedisKeys, type DispatchJob, type Redis } from '@smshub/queue';
import { pino } from 'pino';
import {
  ApiErrorBody,
  apiHandlers,
  ApiKeyCache,
  clientAddressFromForwardedFor,
  IntakeDispatch,
  createApiServer,
  prismaApiKeyLoader,
  type ApiDeps,
  type ApiHandler,
  type ApiServer,
  type DispatchEnqueuer,
  type OperationId,
  type Pool,
} from '../src/index.js';

/**
 * How `call` reaches a handler. `handler` (the default): called directly with a Web Request, as
 * Next's route files call it. `http` (SMSHUB_API_TEST_TRANSPORT=http, the vitest project of that
 * name): over a real socket through the lean API server (`createApiServer`) on these deps, which
 * must route the request to the very handler the test names — so every contract test checks the
 * handlers and that server's routing, conversion and body handling at once.
 */
export type Transport = 'handler' | 'http';
export const transport: Transport = process.env['SMSHUB_API_TEST_TRANSPORT'] === 'http' ? 'http' : 'handler';

/**
 * Everything an API test needs, real: a migrated PostgreSQL database of its own, the dispatch
 * queue on the real Redis under a prefix unique to this run, deps as the portal builds them (one
 * trusted proxy, so tests choose the client address with X-Forwarded-For), and a clock tests may
 * move forward.
 */
export interface ApiFixture {
  readonly transport: Transport;
  readonly db: TestDatabase;
  readonly prisma: PrismaClient;
  readonly pool: Pool;
  readonly queue: ReturnType<typeof openQueue<DispatchJob>>;
  /** The Redis connection and this run's keys (the same ones deps use). */
  readonly redis: Redis;
  readonly redisKeys: RedisKeys;
  readonly deps: ApiDeps;
  readonly platform: Org;
  readonly businessTypes: ReadonlyMap<string, BusinessType>;
  /** Every SQL text sent through deps.pool, in order (tests clear it). */
  readonly statements: string[];
  /** Added to the real time by deps.now(). */
  clockOffsetMs: number;
  /** Replaces how dispatch jobs are enqueued (default: the real queue). */
  enqueue: DispatchEnqueuer['enqueue'];
  /** An enterprise org (prepaid, with balance, by default) under `parent` (default the platform). */
  org(options?: OrgOptions): Promise<Org>;
  /** A new API key for the org; the full `sk_…` string. */
  key(orgId: bigint, options?: KeyOptions): Promise<string>;
  /** A channel (a CMPP 3.0 one to CMCC unless told otherwise), with credentials like a real one. */
  channel(options?: Partial<Prisma.ChannelCreateInput>): Promise<Channel>;
  /** Calls a handler as the portal would, or through the lean server (see `Transport`). */
  call(handler: ApiHandler, request: RequestOptions): Promise<ApiResult>;
  /**
   * Over http: the bytes the server took off the socket of the last request (headers and body),
   * which is what "stops reading" means on the wire; the client has written more, into the
   * kernel's socket buffers. Null with the handler transport.
   */
  serverBytesRead(): number | null;
  close(): Promise<void>;
}

export interface OrgOptions {
  readonly parentId?: bigint;
  readonly balance?: bigint;
  readonly billingMode?: 'prepaid' | 'postpaid';
  readonly creditLimit?: bigint;
  readonly ipAllowList?: string[];
  readonly extensionCode?: string;
  readonly status?: 'active' | 'suspended' | 'closed';
}

export interface KeyOptions {
  readonly scopes?: string[];
  readonly ipAllowList?: string[];
  readonly expiresAt?: Date;
  readonly revokedAt?: Date;
}

export interface RequestOptions {
  readonly method?: string;
  readonly path: string;
  /** Full `sk_…` key, sent as a Bearer token. */
  readonly key?: string;
  /** JSON-encoded unless it is a string, Uint8Array or stream (sent as is). */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** Sent as X-Forwarded-For (the fixture trusts one proxy); default 198.51.100.10. */
  readonly ip?: string;
}

export interface ApiResult {
  readonly status: number;
  readonly headers: Headers;
  /** Parsed JSON, or null for an empty body: read it through the response schemas. */
  readonly body: unknown;
}

/** The error of an error response, checked against the documented error schema. */
export function errorOf(result: ApiResult): ApiErrorBody['error'] {
  return ApiErrorBody.parse(result.body).error;
}

let orgSequence = 0;
let channelSequence = 0;

export async function createApiFixture(): Promise<ApiFixture> {
  const db = await createTestDatabase();
  const prisma = createPrisma(db.url);
  const pool = createPool(db.url, { max: 8 });
  const statements: string[] = [];
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const sql = args[0];
      statements.push(typeof sql === 'string' ? sql : String((sql as { text?: unknown }).text));
      return query(...args);
    };
  });
  const redis = createRedis({ url: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379', prefix: '' }, 'api-test');
  const prefix = `smshub-test-${randomUUID()}`;
  const queue = openQueue<DispatchJob>({ connection: redis, prefix }, DISPATCH_QUEUE);
  const redisKeys = new RedisKeys(prefix);
  const base = await seedBase(prisma);

  const realEnqueue: DispatchEnqueuer['enqueue'] = async (jobs, priority, jobIdPrefix) => {
    await queue.addBulk(
      jobs.map((data, i) => ({ name: data.reason, data, opts: { priority, jobId: `${jobIdPrefix}-${i}` } })),
    );
  };

  let server: ApiServer | null = null;
  let lastServerSocket: Socket | null = null;
  const fixture: ApiFixture = {
    transport,
    db,
    prisma,
    pool,
    queue,
    redis,
    redisKeys,
    platform: base.platform,
    businessTypes: new Map(base.businessTypes.map((type) => [type.code, type])),
    statements,
    clockOffsetMs: 0,
    enqueue: realEnqueue,
    deps: undefined as unknown as ApiDeps,
    async org(options = {}) {
      return prisma.org.create({
        data: {
          parentId: options.parentId ?? base.platform.id,
          kind: 'enterprise',
          name: `test org ${++orgSequence}`,
          billingMode: options.billingMode ?? 'prepaid',
          balance: options.balance ?? 1_000_000n,
          creditLimit: options.creditLimit ?? 0n,
          ipAllowList: options.ipAllowList ?? [],
          status: options.status ?? 'active',
          ...(options.extensionCode === undefined ? {} : { extensionCode: options.extensionCode }),
        },
      });
    },
    async key(orgId, options = {}) {
      const key = generateApiKey();
      await prisma.apiKey.create({
        data: {
          orgId,
          name: 'test',
          prefix: key.prefix,
          secretHash: key.hash,
          scopes: options.scopes ?? [],
          ipAllowList: options.ipAllowList ?? [],
          expiresAt: options.expiresAt ?? null,
          revokedAt: options.revokedAt ?? null,
        },
      });
      return key.full;
    },
    async channel(options = {}) {
      const n = ++channelSequence;
      return prisma.channel.create({
        data: {
          name: `test-channel-${n}`,
          protocol: 'cmpp',
          protocolVersion: '3.0',
          host: '127.0.0.1',
          port: 7890 + n,
          account: `acct${n}`,
          secret: `channel-secret-${n}-${randomUUID()}`,
          spNumber: '1069000',
          carriers: ['CMCC'],
          ...options,
        },
      });
    },
    async call(handler, options) {
      const headers = new Headers(options.headers);
      if (options.key !== undefined) headers.set('authorization', `Bearer ${options.key}`);
      if (!headers.has('x-forwarded-for')) headers.set('x-forwarded-for', options.ip ?? '198.51.100.10');
      let body: string | Uint8Array | ReadableStream<Uint8Array> | undefined;
      if (options.body !== undefined) {
        if (
          typeof options.body === 'string' ||
          options.body instanceof Uint8Array ||
          options.body instanceof ReadableStream
        ) {
          body = options.body as string | Uint8Array | ReadableStream<Uint8Array>;
        } else {
          body = JSON.stringify(options.body);
        }
        if (!headers.has('content-type')) headers.set('content-type', 'application/json');
      }
      const method = options.method ?? (body === undefined ? 'GET' : 'POST');
      if (server !== null) return callOverHttp(server, handler, method, options.path, headers, body);
      const request = new Request(`http://smshub.test${options.path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body, duplex: 'half' }),
      } as RequestInit);
      const response = await handler(request, fixture.deps);
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text === '' ? null : JSON.parse(text) };
    },
    serverBytesRead() {
      return lastServerSocket?.bytesRead ?? null;
    },
    async close() {
      await server?.drain();
      await Promise.all([fixture.deps.intakeReferences.drained(), fixture.deps.intakeCommitter.drained()]);
      await fixture.deps.intakeDispatch.drained();
      agent.destroy();
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      // What tests wrote besides the queue (channel states); they would expire, but not at once.
      const leftovers = await redis.keys(`${prefix}:*`);
      if (leftovers.length > 0) await redis.del(...leftovers);
      redis.disconnect();
      await pool.end();
      await prisma.$disconnect();
      await db.drop();
    },
  };

  const dispatch: DispatchEnqueuer = {
    enqueue: (jobs, priority, jobIdPrefix) => fixture.enqueue(jobs, priority, jobIdPrefix),
  };
  const now = () => new Date(Date.now() + fixture.clockOffsetMs);
  (fixture as { deps: ApiDeps }).deps = {
    pool,
    prisma,
    logger: pino({ level: process.env['LOG_LEVEL'] ?? 'silent' }),
    dispatch,
    intakeReferences: new IntakeReferenceLoader(pool),
    intakeCommitter: new IntakeCommitter(pool),
    intakeDispatch: new IntakeDispatch(dispatch, now),
    redis,
    redisKeys,
    apiKeys: new ApiKeyCache(prismaApiKeyLoader(prisma)),
    clientAddress: clientAddressFromForwardedFor(1),
    allowPrivateWebhooks: false,
    now,
  };
  if (transport === 'http') {
    // Read through on every use: tests swap fx.deps for a call or two.
    const deps = new Proxy({} as ApiDeps, { get: (_target, name) => fixture.deps[name as keyof ApiDeps] });
    server = createApiServer(deps, { handlers: taggedHandlers });
    await server.listen(0, '127.0.0.1');
    const seen = (request: http.IncomingMessage) => (lastServerSocket = request.socket);
    server.server.on('request', seen).on('checkContinue', seen);
  }
  return fixture;
}

const OPERATION_HEADER = 'x-test-operation';

/** Each handler, answering with the operation it is, so a call can check where the server routed it. */
const taggedHandlers = Object.fromEntries(
  Object.entries(apiHandlers).map(([operation, handler]: [string, ApiHandler]) => [
    operation,
    async (request: Request, deps: ApiDeps) => {
      const response = await handler(request, deps);
      response.headers.set(OPERATION_HEADER, operation);
      return response;
    },
  ]),
) as Record<OperationId, ApiHandler>;

const agent = new http.Agent({ keepAlive: true });

/**
 * One request over the socket, exactly as given (method, path, headers). A stream body is sent
 * with `Expect: 100-continue` and only once the server asks for it, so a body the server refuses
 * unread stays unread here too; sending stops when the answer comes.
 */
async function callOverHttp(
  server: ApiServer,
  handler: ApiHandler,
  method: string,
  path: string,
  headers: Headers,
  body: string | Uint8Array | ReadableStream<Uint8Array> | undefined,
): Promise<ApiResult> {
  const { port } = server.server.address() as { port: number };
  const outgoing: Record<string, string> = Object.fromEntries(headers);
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body instanceof Uint8Array ? body : null;
  if (bytes !== null) outgoing['content-length'] ??= String(bytes.byteLength);
  if (body instanceof ReadableStream) outgoing['expect'] = '100-continue';
  const { status, rawHeaders, text } = await new Promise<{ status: number; rawHeaders: string[]; text: string }>(
    (resolve, reject) => {
      let answered = false;
      const request = http.request({ host: '127.0.0.1', port, method, path, headers: outgoing, agent }, (response) => {
        answered = true;
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, rawHeaders: response.rawHeaders, text }));
        response.on('error', reject);
      });
      // Writing a body the server stopped reading fails once it has answered; the answer counts.
      request.on('error', (error) => {
        if (!answered) reject(error);
      });
      if (body instanceof ReadableStream) {
        request.on('continue', () => {
          const source = Readable.fromWeb(body as WebReadableStream<Uint8Array>);
          request.once('response', () => source.unpipe(request).destroy());
          source.pipe(request);
        });
        request.flushHeaders();
      } else {
        request.end(bytes ?? undefined);
      }
    },
  );
  const responseHeaders = new Headers();
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) responseHeaders.append(rawHeaders[i]!, rawHeaders[i + 1]!);
  const operation = responseHeaders.get(OPERATION_HEADER);
  responseHeaders.delete(OPERATION_HEADER);
  if (operation !== null && apiHandlers[operation as OperationId] !== handler) {
    const meant = Object.entries(apiHandlers).find(([, candidate]) => candidate === handler)?.[0] ?? 'a handler';
    throw new Error(`the server routed ${method} ${path} to ${operation}, the test called ${meant}`);
  }
  return { status, headers: responseHeaders, body: text === '' ? null : JSON.parse(text) };
}

/** Rows intake writes, for asserting that a refused request wrote none. */
export async function storedRows(prisma: PrismaClient, orgId: bigint) {
  const org = await prisma.org.findUniqueOrThrow({ where: { id: orgId } });
  return {
    campaigns: await prisma.campaign.count({ where: { orgId } }),
    messages: await prisma.message.count({ where: { orgId } }),
    ledger: await prisma.ledgerEntry.count({ where: { orgId } }),
    balance: org.balance,
  };
}
