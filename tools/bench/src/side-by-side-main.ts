#!/usr/bin/env node
import { sideBySideBenchmark, sideBySideOptionsFromEnv } from './side-by-side.js';

/**
 * `make bench-kannel`: only the side-by-side phase of `make bench` (Kannel and smshub on the same
 * simulator and load), sized by the same BENCH_KANNEL_* variables; the last stdout line is the
 * same `{"kannel": …}` object `make bench` prints among its figures.
 */
async function main(): Promise<void> {
  const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
  const options = sideBySideOptionsFromEnv();
  if (options === null) throw new Error('BENCH_KANNEL=0: nothing to run');
  const kannel = await sideBySideBenchmark(log, options);
  process.stdout.write(`${JSON.stringify({ kannel })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
