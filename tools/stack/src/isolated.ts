import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_DATABASE_URL, withDatabase } from '@smshub/db';
import { createRedis } from '@smshub/queue';
import { deleteKeysWithPrefix } from '@smshub/queue/testing';
import pg from 'pg';
import { repositoryRoot } from './paths.js';
import { freePorts, Stack, type StackOptions } from './stack.js';

/** What a test chooses about its stack; the database, Redis prefix, port and folder are its own. */
export type IsolatedStackOptions = Omit<
  StackOptions,
  'root' | 'databaseUrl' | 'redisUrl' | 'redisPrefix' | 'portalPort' | 'apiPort' | 'workDir'
>;

/**
 * The whole platform for one test suite, kept apart from every other run on the machine: its own
 * database (created by the migrations, dropped by `stop`), Redis key prefix, portal and API ports and
 * working folder. Used by the stack tests and the browser tests.
 */
export class IsolatedStack {
  readonly databaseName: string;
  readonly databaseUrl: string;
  readonly redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  readonly redisPrefix: string;
  private stack: Stack | null = null;

  constructor(
    private readonly name: string,
    private readonly options: IsolatedStackOptions,
  ) {
    this.databaseName = `smshub_${name}_${process.pid}_${randomUUID().slice(0, 6)}`;
    this.databaseUrl = withDatabase(process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL, this.databaseName);
    this.redisPrefix = `smshub-${name}-${randomUUID()}`;
  }

  async start(progress?: (line: string) => void): Promise<Stack> {
    const [portalPort, apiPort] = (await freePorts(2)) as [number, number];
    const stack = new Stack({
      ...this.options,
      root: repositoryRoot,
      databaseUrl: this.databaseUrl,
      redisUrl: this.redisUrl,
      redisPrefix: this.redisPrefix,
      portalPort,
      apiPort,
      workDir: mkdtempSync(path.join(tmpdir(), `smshub-${this.name}-`)),
    });
    this.stack = stack;
    await stack.start(progress);
    return stack;
  }

  /** Stops every process, drops the database and deletes the Redis keys under its prefix. */
  async stop(): Promise<void> {
    await this.stack?.stop();
    this.stack = null;
    const redis = createRedis({ url: this.redisUrl, prefix: this.redisPrefix }, `${this.name}-cleanup`);
    try {
      await deleteKeysWithPrefix(redis, this.redisPrefix);
    } finally {
      redis.disconnect();
    }
    const admin = new pg.Client({ connectionString: withDatabase(this.databaseUrl, 'postgres') });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS "${this.databaseName}" WITH (FORCE)`);
    } finally {
      await admin.end();
    }
  }
}
