#!/usr/bin/env node
import { httpServersBenchmark, httpServersOptionsFromEnv } from './http-servers.js';

/**
 * `make bench-http`: only the HTTP-layer phase of `make bench` (Next.js route handlers against
 * the lean API server, decision 0171), sized by the same BENCH_HTTP_* variables; the last stdout
 * line is the same `{"http": …}` object `make bench` prints among its figures.
 */
async function main(): Promise<void> {
  const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
  const options = httpServersOptionsFromEnv();
  if (options === null) throw new Error('BENCH_HTTP=0: nothing to run');
  const http = await httpServersBenchmark(log, options);
  process.stdout.write(`${JSON.stringify({ http })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
