#!/usr/bin/env node
import { protocolBenchmarks } from './protocols.js';

/**
 * `make bench`: protocol micro-benchmarks (codec and engine round trips per protocol), then
 * the whole stack. Progress goes to stderr; the last stdout line is one JSON object with every
 * figure, for scripts.
 */
async function main(): Promise<void> {
  const log = (line: string) => process.stderr.write(`bench: ${line}\n`);
  const protocols = await protocolBenchmarks(log);
  process.stdout.write(`${JSON.stringify({ protocols })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench: ${error instanceof Error ? error.stack ?? error.message : String(error)}\n`);
  process.exit(1);
});
