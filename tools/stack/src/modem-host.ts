#!/usr/bin/env node
import type http from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { type ModemPair, ModemSimulator, startModemControlServer, startModemPair } from '@smshub/simulator';
import { pino } from 'pino';

/**
 * The stack's simulated GSM modems, in a process of their own (the modem worker drives them over
 * serial lines, as it would real ones): one socat pseudo-terminal pair per modem, whose driver end
 * is a fixed link `<links>/<id>` so the modem channel's ports stay valid when this process is
 * started again, and the modem control API.
 *
 *   node tools/stack/dist/modem-host.js --links DIR --ids modem-a,modem-b --control 7070 [--report-delay-ms 500]
 */

interface HostArgs {
  readonly links: string;
  readonly ids: readonly string[];
  readonly control: number;
  readonly reportDelayMs: number;
}

function readArgs(argv: readonly string[]): HostArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      links: { type: 'string' },
      ids: { type: 'string' },
      control: { type: 'string' },
      'report-delay-ms': { type: 'string', default: '500' },
    },
    strict: true,
  });
  const problems: string[] = [];
  const links = values.links ?? '';
  if (links === '') problems.push('--links DIR is needed');
  const ids = (values.ids ?? '').split(',').map((id) => id.trim());
  if (ids.some((id) => !/^[A-Za-z0-9._-]{1,32}$/.test(id)))
    problems.push(`--ids "${values.ids ?? ''}": comma-separated ids of letters, digits, ".", "_" and "-"`);
  const control = Number(values.control);
  if (!Number.isInteger(control) || control < 0 || control > 65_535)
    problems.push(`--control "${values.control ?? ''}": a port number is needed`);
  const reportDelayMs = Number(values['report-delay-ms']);
  if (!Number.isInteger(reportDelayMs) || reportDelayMs < 0)
    problems.push(`--report-delay-ms "${values['report-delay-ms']}": milliseconds`);
  if (problems.length > 0) throw new Error(problems.join('; '));
  return { links, ids, control, reportDelayMs };
}

async function main(): Promise<void> {
  const log = pino({ name: 'modem-host', level: process.env.SMSHUB_LOG_LEVEL ?? 'info' });
  const args = readArgs(process.argv.slice(2));

  const pairs: ModemPair[] = [];
  let control: http.Server | null = null;
  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    if (control !== null) await new Promise((resolve) => control!.close(resolve));
    // Ending socat removes the links, so the worker sees its ports go rather than hang.
    await Promise.all(pairs.map((pair) => pair.stop()));
    process.exit(code);
  };
  process.once('SIGINT', () => void stop(0));
  process.once('SIGTERM', () => void stop(0));

  try {
    for (const id of args.ids) {
      const simulator = new ModemSimulator({ id, reportDelayMs: args.reportDelayMs });
      pairs.push(await startModemPair(simulator, { link: path.join(args.links, id) }));
    }
    control = await startModemControlServer(
      new Map(pairs.map((pair) => [pair.simulator.id, pair.simulator])),
      args.control,
    );
  } catch (error) {
    process.stderr.write(`modem host: ${error instanceof Error ? error.message : String(error)}\n`);
    await stop(1);
    return;
  }
  log.info(
    {
      modems: pairs.map((pair) => ({ id: pair.simulator.id, path: pair.path, pty: pair.simulatorPath })),
      control: args.control,
    },
    'modem host ready',
  );
}

main().catch((error: unknown) => {
  process.stderr.write(`modem host: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
