#!/usr/bin/env node
import { webhookBenchOptionsFromEnv, webhooksBenchmark } from './webhooks-bench.js';

/**
 * `make bench-webhooks`: only the webhooks phase of `make bench` (one worker process delivering
 * queued events in single and in batch mode), sized by BENCH_WEBHOOKS and BENCH_WEBHOOKS_BATCH;
 * the last stdout line is the same `{"webhooks": …}` object `make bench` prints among its figures.
 */
async function main(): Promise<void> {
  const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
  const options = webhookBenchOptionsFromEnv();
  if (options === null) throw new Error('BENCH_WEBHOOKS=0: nothing to run');
  const webhooks = await webhooksBenchmark(log, options);
  process.stdout.write(`${JSON.stringify({ webhooks })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
