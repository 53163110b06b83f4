import http from 'node:http';
import { createPool } from '@smshub/db';
import { DEFAULT_GATEWAYS, IsolatedStack, type StackChild } from '@smshub/stack';
import type pg from 'pg';
import { intFromEnv } from './env.js';
import {
  compareHttpServers,
  type HttpComparison,
  type HttpRunFigures,
  type HttpServerName,
  httpServersTable,
} from './http-servers-table.js';
import { ProcessMeter } from './process-meter.js';

/**
 * Issue 10's question about the HTTP layer, answered with numbers (decision 0171): the portal's
 * Next.js route handlers (`next start` on the built app) against the lean node:http API server
 * (apps/api), the same handlers, database and workers behind both, in one isolated stack. Load:
 * POST /api/v1/messages with one message per request, `concurrency` in flight over keep-alive
 * connections. For each: requests per second, and the CPU (utime + stime) the HTTP process used
 * per request; then as many unauthenticated GETs (401 with no database work), whose CPU is the
 * HTTP layer's with next to no handler. Rounds alternate which server goes first; medians.
 */

export interface HttpServersOptions {
  /** Requests per run (BENCH_HTTP; 0 skips the phase). */
  readonly requests: number;
  readonly rounds: number;
  readonly concurrency: number;
  /** Requests per server before measuring: loads Next's route modules, fills pools and caches. */
  readonly warmup: number;
}

export interface HttpServersFigures extends HttpComparison {
  readonly runs: readonly HttpRunFigures[];
  readonly table: readonly string[];
}

export function httpServersOptionsFromEnv(): HttpServersOptions | null {
  const requests = intFromEnv('BENCH_HTTP', 5_000);
  if (requests === 0) return null;
  return {
    requests,
    rounds: Math.max(1, intFromEnv('BENCH_HTTP_ROUNDS', 3)),
    concurrency: Math.max(1, intFromEnv('BENCH_HTTP_CONCURRENCY', 64)),
    warmup: intFromEnv('BENCH_HTTP_WARMUP', 1_000),
  };
}

const FINAL = `('delivered','undelivered','expired','failed','rejected','canceled')`;

export async function httpServersBenchmark(
  log: (line: string) => void,
  options: HttpServersOptions,
): Promise<HttpServersFigures> {
  // China Mobile's simulated gateway alone, fast: every message is sent and reported, so the
  // workers do behind each server what they do in production, and are idle between runs.
  const isolated = new IsolatedStack('http', {
    gateways: DEFAULT_GATEWAYS.filter((gateway) => gateway.carrier === 'CMCC'),
    webhooks: false,
    channelTps: 20_000,
    channelWindow: 64,
    channelBinds: 2,
    dlrDelayMs: { min: 0, max: 50 },
  });
  let pool: pg.Pool | null = null;
  try {
    const stack = await isolated.start((line) => log(`http: stack: ${line}`));
    pool = createPool(isolated.databaseUrl, { max: 2 });
    const servers: Record<HttpServerName, { url: string; child: StackChild }> = {
      next: { url: stack.info.portalUrl, child: stack.child('portal') },
      lean: { url: stack.info.apiUrl, child: stack.child('api') },
    };
    let serial = 0;
    const load = (server: HttpServerName, requests: number) => {
      const first = serial;
      serial += requests;
      return sendSingles(servers[server].url, stack.info.apiKey, first, requests, options.concurrency);
    };
    const measured = async <T>(
      server: HttpServerName,
      run: () => Promise<T>,
    ): Promise<{ result: T; cpuMs: number }> => {
      const pgid = servers[server].child.pid;
      if (pgid === undefined) throw new Error(`http: the ${server} server is not running`);
      const meter = new ProcessMeter(new Map([[server, { pgid }]]));
      meter.start();
      const result = await run();
      return { result, cpuMs: meter.stop()[server]?.cpuMs ?? 0 };
    };
    for (const server of ['next', 'lean'] as const) {
      log(`http: warming up ${server} with ${options.warmup.toLocaleString('en')} requests`);
      await load(server, options.warmup);
    }
    await waitFinal(pool);
    const runs: HttpRunFigures[] = [];
    for (let round = 1; round <= options.rounds; round++) {
      const order: HttpServerName[] = round % 2 === 1 ? ['next', 'lean'] : ['lean', 'next'];
      for (const server of order) {
        const sent = await measured(server, () => load(server, options.requests));
        const refused = await measured(server, () =>
          refuseUnauthenticated(servers[server].url, options.requests, options.concurrency),
        );
        const run: HttpRunFigures = {
          server,
          round,
          requests: options.requests,
          requestsPerSecond: Math.round(options.requests / (sent.result.ms / 1000)),
          cpuMsPerRequest: sent.cpuMs / options.requests,
          latencyMs: sent.result.latencyMs,
          refusedCpuMsPerRequest: refused.cpuMs / options.requests,
        };
        log(
          `http: round ${round}/${options.rounds} ${server}: ${run.requestsPerSecond.toLocaleString('en')} requests/s, ` +
            `${run.cpuMsPerRequest.toFixed(2)} ms CPU per request (401 only: ${run.refusedCpuMsPerRequest.toFixed(2)}), ` +
            `p50/p99 ${run.latencyMs.p50}/${run.latencyMs.p99} ms`,
        );
        runs.push(run);
        // The next run starts on idle workers: none still sending this one's messages.
        await waitFinal(pool);
      }
    }
    const comparison = compareHttpServers(runs);
    const table = httpServersTable(comparison, options);
    for (const line of table) log(line);
    return { ...comparison, runs, table };
  } finally {
    await pool?.end();
    // Also after a failed start: the database and Redis keys go with it.
    await isolated.stop();
  }
}

/**
 * `count` POSTs of one message each (numbers 138 + serial), `concurrency` in flight; every answer
 * must be 201. Time from the first request to the last answer.
 */
async function sendSingles(
  baseUrl: string,
  apiKey: string,
  first: number,
  count: number,
  concurrency: number,
): Promise<{ ms: number; latencyMs: { p50: number; p99: number } }> {
  const url = new URL('/api/v1/messages', baseUrl);
  return drive(count, concurrency, async (agent, i) => {
    const body = JSON.stringify({
      business_type: 'notification',
      to: [`138${String(first + i).padStart(8, '0')}`],
      text: `bench ${first + i}`,
    });
    const { status, text } = await exchange(
      url,
      agent,
      'POST',
      {
        authorization: `Bearer ${apiKey}`,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
      },
      body,
    );
    if (status !== 201) throw new Error(`http: POST ${url.href} answered ${status}: ${text.slice(0, 300)}`);
  });
}

/** `count` GETs of the message list without a key: each must be the 401 of the endpoint wrapper. */
async function refuseUnauthenticated(baseUrl: string, count: number, concurrency: number): Promise<void> {
  const url = new URL('/api/v1/messages', baseUrl);
  await drive(count, concurrency, async (agent) => {
    const { status, text } = await exchange(url, agent, 'GET', {});
    if (status !== 401)
      throw new Error(`http: GET ${url.href} without a key answered ${status}: ${text.slice(0, 300)}`);
  });
}

/** Runs `one` for i = 0…count−1, `concurrency` at a time over as many keep-alive connections. */
async function drive(
  count: number,
  concurrency: number,
  one: (agent: http.Agent, i: number) => Promise<void>,
): Promise<{ ms: number; latencyMs: { p50: number; p99: number } }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies = new Float64Array(count);
  let next = 0;
  const started = performance.now();
  try {
    await Promise.all(
      Array.from({ length: Math.min(concurrency, count) }, async () => {
        while (next < count) {
          const i = next++;
          const at = performance.now();
          await one(agent, i);
          latencies[i] = performance.now() - at;
        }
      }),
    );
  } finally {
    agent.destroy();
  }
  const ms = performance.now() - started;
  const sorted = Array.from(latencies).sort((a, b) => a - b);
  const at = (p: number) => Math.round(sorted[Math.min(count - 1, Math.ceil(p * count) - 1)]! * 10) / 10;
  return { ms, latencyMs: { p50: at(0.5), p99: at(0.99) } };
}

function exchange(
  url: URL,
  agent: http.Agent,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method, agent, headers }, (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      response.on('error', reject);
    });
    request.setTimeout(60_000, () => request.destroy(new Error(`http: no answer from ${url.href} within 60 s`)));
    request.on('error', reject);
    request.end(body);
  });
}

/** Until every message is final (the workers idle again), or two minutes have passed. */
async function waitFinal(pool: pg.Pool): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    const { rows } = await pool.query<{ open: number }>(
      `SELECT count(*)::int AS open FROM messages WHERE status NOT IN ${FINAL}`,
    );
    if (rows[0]!.open === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
