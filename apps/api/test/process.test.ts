import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { createPrisma, seedDemo, type PrismaClient } from '@smshub/db';
import { createTestDatabase, type TestDatabase } from '@smshub/db/testing';
import { createRedis } from '@smshub/queue';
import { deleteKeysWithPrefix } from '@smshub/queue/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';

/**
 * The API server as a process (src/main.ts through tsx, as `pnpm dev` runs it): it listens and
 * answers, and SIGTERM drains it — no new connections, the request it holds answered (and
 * stored), exit 0. A bad setting is refused at start with exit 1.
 */
const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));

describe('the API server process', () => {
  let db: TestDatabase;
  let prisma: PrismaClient;
  let apiKey: string;
  const redisPrefix = `smshub-test-api-server-${randomUUID()}`;
  let child: ChildProcess | null = null;
  let output = '';

  beforeAll(async () => {
    db = await createTestDatabase();
    prisma = createPrisma(db.url);
    apiKey = (await seedDemo(prisma)).apiKey.full;
  });

  afterAll(async () => {
    await prisma?.$disconnect();
    await db?.drop();
    const redis = createRedis(
      { url: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379', prefix: redisPrefix },
      'cleanup',
    );
    try {
      await deleteKeysWithPrefix(redis, redisPrefix);
    } finally {
      redis.disconnect();
    }
  });

  afterEach(() => {
    if (child !== null && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    child = null;
  });

  function start(env: Record<string, string> = {}) {
    output = '';
    const started = spawn(process.execPath, ['--import', 'tsx', '--conditions=@smshub/source', 'src/main.ts'], {
      cwd: PACKAGE_DIR,
      env: {
        PATH: process.env['PATH'] ?? '',
        DATABASE_URL: db.url,
        REDIS_URL: process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379',
        SMSHUB_REDIS_PREFIX: redisPrefix,
        SMSHUB_API_HOST: '127.0.0.1',
        SMSHUB_API_PORT: '0',
        LOG_LEVEL: 'info',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    started.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child = started;
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      started.on('exit', (code, signal) => resolve({ code, signal })),
    );
    return { exited };
  }

  async function listeningPort(): Promise<number> {
    await expect.poll(() => output).toContain('"msg":"api server listening"');
    return Number(/"port":(\d+)[^\n]*"msg":"api server listening"/.exec(output)?.[1]);
  }

  it('SIGTERM: refuses new connections, answers the request in flight, exits 0', async () => {
    const { exited } = start();
    const port = await listeningPort();
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);

    // In flight for sure: the handler has authenticated the key and asked for the body (100 Continue).
    const body = JSON.stringify({ business_type: 'notification', to: ['13800138000'], text: 'drained' });
    const socket = net.connect(port, '127.0.0.1');
    let answer = '';
    let closedByServer = false;
    socket.setEncoding('latin1').on('data', (chunk: string) => (answer += chunk));
    socket.on('end', () => (closedByServer = true));
    socket.write(
      `POST /api/v1/messages HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer ${apiKey}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nExpect: 100-continue\r\n\r\n`,
    );
    await expect.poll(() => answer).toBe('HTTP/1.1 100 Continue\r\n\r\n');

    child!.kill('SIGTERM');
    await expect.poll(() => output).toMatch(/"inFlight":1,[^\n]*"msg":"stopping: no new connections/);
    await expect(
      new Promise((resolve, reject) => net.connect(port, '127.0.0.1').once('connect', resolve).once('error', reject)),
    ).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    expect(child!.exitCode).toBeNull();

    socket.write(body);
    await expect.poll(() => answer).toMatch(/HTTP\/1\.1 201 Created\r\n[\s\S]*"accepted":1/);
    expect(answer).toMatch(/\r\nconnection: close\r\n/i);
    expect(await exited).toStrictEqual({ code: 0, signal: null });
    await expect.poll(() => closedByServer).toBe(true);
    expect(await prisma.message.count({ where: { text: 'drained' } })).toBe(1);
    expect(output).toContain('"msg":"stopped"');
  });

  it('refuses a bad setting with a clear message and exit code 1', async () => {
    const { exited } = start({ SMSHUB_API_PORT: 'eighty' });
    expect(await exited).toStrictEqual({ code: 1, signal: null });
    expect(output).toMatch(/api server config:[\s\S]*SMSHUB_API_PORT/);
  });
});
