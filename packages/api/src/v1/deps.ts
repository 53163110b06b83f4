import {
  createPool,
  createPrisma,
  databaseUrlFromEnv,
  IntakeCommitter,
  IntakeReferenceLoader,
  type PrismaClient,
} from '@smshub/db';
import {
  createRedis,
  DISPATCH_QUEUE,
  openQueue,
  redisConfigFromEnv,
  RedisKeys,
  type DispatchJob,
  type Redis,
  type RedisConfig,
} from '@smshub/queue';
import { pino, type Logger } from 'pino';
import { ApiKeyCache } from './auth/api-key-cache.js';
import { prismaApiKeyLoader } from './auth/authenticate.js';
import { clientAddressFromForwardedFor, trustedProxyHops, type ClientAddressOf } from './auth/client-address.js';
import { IntakeDispatch } from './messages/dispatch-after-commit.js';

export type Pool = ReturnType<typeof createPool>;

/** Hands batches of due message ids to the dispatcher. */
export interface DispatchEnqueuer {
  /** Resolves once Redis holds every job; `priority` is BullMQ's (lower runs first). */
  enqueue(jobs: readonly DispatchJob[], priority: number, jobIdPrefix: string): Promise<void>;
}

/** What every handler works with; built once per process, passed to each call. */
export interface ApiDeps {
  readonly pool: Pool;
  readonly prisma: PrismaClient;
  readonly dispatch: DispatchEnqueuer;
  /**
   * Intake's reads, transaction and dispatch enqueue, each shared by the process's concurrent
   * requests (natural batching: one group at a time, the next gathering meanwhile; decision 0170).
   */
  readonly intakeReferences: IntakeReferenceLoader;
  readonly intakeCommitter: IntakeCommitter;
  readonly intakeDispatch: IntakeDispatch;
  /** The dispatch queue's connection, also used to read channels' live state. */
  readonly redis: Redis;
  /** smshub's Redis keys under this deployment's prefix. */
  readonly redisKeys: RedisKeys;
  readonly logger: Logger;
  readonly apiKeys: ApiKeyCache;
  readonly clientAddress: ClientAddressOf;
  /** Webhook URLs may name loopback and private targets (SMSHUB_WEBHOOKS_ALLOW_PRIVATE=1, as the worker). */
  readonly allowPrivateWebhooks: boolean;
  readonly now: () => Date;
}

export interface ApiDepsConfig {
  readonly databaseUrl: string;
  readonly redis: RedisConfig;
  /** Proxies in front of the portal that append to X-Forwarded-For (SMSHUB_TRUST_PROXY). */
  readonly trustedProxyHops: number;
  /** SMSHUB_WEBHOOKS_ALLOW_PRIVATE=1: the same setting the webhooks worker delivers by. */
  readonly allowPrivateWebhooks: boolean;
  readonly logger?: Logger;
}

export interface OwnedApiDeps extends ApiDeps {
  /** Closes the pool, Prisma, the queue and its Redis connection. */
  close(): Promise<void>;
}

export function apiDepsConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ApiDepsConfig {
  return {
    databaseUrl: databaseUrlFromEnv(env),
    redis: redisConfigFromEnv(env),
    trustedProxyHops: trustedProxyHops(env['SMSHUB_TRUST_PROXY']),
    allowPrivateWebhooks: env['SMSHUB_WEBHOOKS_ALLOW_PRIVATE'] === '1',
  };
}

export function createApiDeps(config: ApiDepsConfig): OwnedApiDeps {
  const logger = config.logger ?? pino({ name: 'api', level: process.env['LOG_LEVEL'] ?? 'info' });
  const pool = createPool(config.databaseUrl, { max: 10 });
  // A pool error is a dropped idle connection; the pool replaces it. Unhandled it would kill the process.
  pool.on('error', (error) => logger.warn({ err: error }, 'pg pool: idle connection error'));
  const prisma = createPrisma(config.databaseUrl);
  const redis = createRedis(config.redis, 'smshub-api');
  const queue = openQueue<DispatchJob>({ connection: redis, prefix: config.redis.prefix }, DISPATCH_QUEUE);
  const dispatch: DispatchEnqueuer = {
    async enqueue(jobs, priority, jobIdPrefix) {
      await queue.addBulk(
        jobs.map((data, i) => ({ name: data.reason, data, opts: { priority, jobId: `${jobIdPrefix}-${i}` } })),
      );
    },
  };
  const now = () => new Date();
  const intakeReferences = new IntakeReferenceLoader(pool);
  const intakeCommitter = new IntakeCommitter(pool, {
    onGroupFailure: (error, calls) =>
      logger.warn({ err: error, calls }, 'intake: a group failed to store; its calls are stored one by one'),
  });
  const intakeDispatch = new IntakeDispatch(dispatch, now);
  return {
    pool,
    prisma,
    logger,
    dispatch,
    intakeReferences,
    intakeCommitter,
    intakeDispatch,
    redis,
    redisKeys: new RedisKeys(config.redis.prefix),
    apiKeys: new ApiKeyCache(prismaApiKeyLoader(prisma)),
    clientAddress: clientAddressFromForwardedFor(config.trustedProxyHops),
    allowPrivateWebhooks: config.allowPrivateWebhooks,
    now,
    async close() {
      // Calls in hand finish (their callers are answered) before the pool and the queue go.
      await Promise.all([intakeReferences.drained(), intakeCommitter.drained()]);
      await intakeDispatch.drained();
      await queue.close();
      redis.disconnect();
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

const SHARED = Symbol.for('smshub.api.deps');

/**
 * The process's deps, made on first use from the environment. Kept on globalThis because Next.js
 * may evaluate a route module more than once (dev reloads, one bundle per route), and each copy
 * must not open its own pools.
 */
export function sharedApiDeps(): ApiDeps {
  const holder = globalThis as { [SHARED]?: ApiDeps };
  holder[SHARED] ??= createApiDeps(apiDepsConfigFromEnv());
  return holder[SHARED];
}
