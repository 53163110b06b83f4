#!/usr/bin/env node
import { intFromEnv } from './env.js';
import { httpServersBenchmark, httpServersOptionsFromEnv } from './http-servers.js';
import { protocolBenchmarks } from './protocols.js';
import { sideBySideBenchmark, sideBySideOptionsFromEnv } from './side-by-side.js';
import { stackBenchmark } from './stack-bench.js';
import { webhookBenchOptionsFromEnv, webhooksBenchmark } from './webhooks-bench.js';

/**
 * `make bench`: protocol micro-benchmarks (codec and engine round trips per protocol), then the
 * whole stack on this machine (REST API → dispatcher → carrier worker → simulators → reports),
 * overall and per protocol. Progress goes to stderr; the last stdout line is one JSON object with
 * every figure, for scripts.
 *
 * BENCH_MESSAGES (100000), BENCH_BATCH (1000 recipients per call), BENCH_CONCURRENCY (4 calls in
 * flight), BENCH_PER_PROTOCOL (20000 messages per protocol phase; 0 skips), BENCH_FAILOVER (30000
 * messages in the run where CMCC's gateway fails halfway; 0 skips), BENCH_OUTAGE (20000 messages
 * sent twice: with no fault, then with the carrier worker SIGKILLed halfway through the sending
 * and restarted 10 s later; the time from its restart to the last final status is reported next
 * to the no-fault run's; 0 skips), BENCH_LATENCY (10000 single-message requests, 64 in flight, as
 * fast as they go, then as many paced at half that rate for accept → submit percentiles; 0
 * skips), BENCH_QUEUED (1000000 messages of a campaign due in an hour: memory while they wait,
 * the rate once they fall due; 0 skips), BENCH_MESSAGES=0 skips the main run, BENCH_MICRO=0 skips the
 * micro-benchmarks. Then the HTTP layer: Next.js route handlers against the lean API server for
 * single-message POSTs (http-servers.ts, decision 0171; BENCH_HTTP requests per run, 5000, 0 skips;
 * BENCH_HTTP_ROUNDS, BENCH_HTTP_CONCURRENCY 64). Then the webhooks worker alone, single against
 * batch mode (webhooks-bench.ts; BENCH_WEBHOOKS deliveries per mode, 20000; 0 skips). Last, Kannel
 * and smshub side by side on the same simulator (side-by-side.ts; BENCH_KANNEL=0 skips it,
 * BENCH_KANNEL_* size it).
 */

async function main(): Promise<void> {
  const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
  // Before the long phases: a missing harness or Kannel should fail now, not after them.
  const sideBySide = sideBySideOptionsFromEnv();
  const httpOptions = httpServersOptionsFromEnv();
  const webhookOptions = webhookBenchOptionsFromEnv();
  const protocols = intFromEnv('BENCH_MICRO', 1) === 0 ? [] : await protocolBenchmarks(log);
  const stack = await stackBenchmark(log, {
    messages: intFromEnv('BENCH_MESSAGES', 100_000),
    batch: Math.max(1, Math.min(10_000, intFromEnv('BENCH_BATCH', 1_000))),
    concurrency: Math.max(1, intFromEnv('BENCH_CONCURRENCY', 4)),
    perProtocol: intFromEnv('BENCH_PER_PROTOCOL', 20_000),
    failover: intFromEnv('BENCH_FAILOVER', 30_000),
    outage: intFromEnv('BENCH_OUTAGE', 20_000),
    latency: intFromEnv('BENCH_LATENCY', 10_000),
    queued: intFromEnv('BENCH_QUEUED', 1_000_000),
  });
  const http = httpOptions === null ? null : await httpServersBenchmark(log, httpOptions);
  const webhooks = webhookOptions === null ? null : await webhooksBenchmark(log, webhookOptions);
  const kannel = sideBySide === null ? null : await sideBySideBenchmark(log, sideBySide);
  process.stdout.write(`${JSON.stringify({ protocols, stack, http, webhooks, kannel })}\n`);
}

main().catch((error: unknown) => {
  const cause = error instanceof Error && error.cause !== undefined ? `\ncaused by: ${String(error.cause)}` : '';
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}${cause}\n`);
  process.exit(1);
});
