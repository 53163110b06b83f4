import { randomUUID } from 'node:crypto';
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
  ApiKeyCache,
  clientAddressFromForwardedFor,
  IntakeDispatch,
  prismaApiKeyLoader,
  type ApiDeps,
  type ApiHandler,
  type DispatchEnqueuer,
  type Pool,
} from '../src/index.js';

/**
 * Everything an API test needs, real: a migrated PostgreSQL database of its own, the dispatch
 * queue on the real Redis under a prefix unique to this run, deps as the portal builds them (one
 * trusted proxy, so tests choose the client address with X-Forwarded-For), and a clock tests may
 * move forward.
 */
export interface ApiFixture {
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
  /** Calls a handler as the portal would. */
  call(handler: ApiHandler, request: RequestOptions): Promise<ApiResult>;
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

  const fixture: ApiFixture = {
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
      let body: RequestInit['body'] | undefined;
      if (options.body !== undefined) {
        if (
          typeof options.body === 'string' ||
          options.body instanceof Uint8Array ||
          options.body instanceof ReadableStream
        ) {
          body = options.body as RequestInit['body'];
        } else {
          body = JSON.stringify(options.body);
        }
        if (!headers.has('content-type')) headers.set('content-type', 'application/json');
      }
      const method = options.method ?? (body === undefined ? 'GET' : 'POST');
      const request = new Request(`http://smshub.test${options.path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body, duplex: 'half' }),
      } as RequestInit);
      const response = await handler(request, fixture.deps);
      const text = await response.text();
      return { status: response.status, headers: response.headers, body: text === '' ? null : JSON.parse(text) };
    },
    async close() {
      await Promise.all([fixture.deps.intakeReferences.drained(), fixture.deps.intakeCommitter.drained()]);
      await fixture.deps.intakeDispatch.drained();
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
  return fixture;
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
