import { type Logger, pino } from 'pino';
import { BufferedDestination, DROP_MESSAGE } from './buffered-destination.js';

/** What `main` gives back once the process is running: how to drain it. */
export type Drain = () => Promise<void>;

export interface ProcessOptions {
  /** The process's name in every log line (`name`), and in the messages of a failed start. */
  readonly name: string;
  /**
   * How long the drain after the first signal may take before the process exits anyway
   * (non-zero). Default: SMSHUB_DRAIN_TIMEOUT_MS, else 30 s.
   */
  readonly drainTimeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
}

const LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

/** Exit codes, the same for every process (an operator's runbook can rely on them). */
export const ExitCode = {
  /** Drained and stopped. */
  stopped: 0,
  /** Failed to start, crashed, or the drain failed. */
  failed: 1,
  /** A second signal ended the drain. */
  interrupted: 130,
  /** The drain took longer than its deadline. */
  drainTimeout: 124,
} as const;

/**
 * The logger of a process: pino at LOG_LEVEL (default info), the same variable for every
 * process. The older SMSHUB_LOG_LEVEL is still read when LOG_LEVEL is not set, with a warning.
 * A level that is not one of pino's throws an error naming the variable.
 */
export function processLogger(name: string, env: NodeJS.ProcessEnv = process.env): Logger {
  return createLogger(name, env).log;
}

function createLogger(name: string, env: NodeJS.ProcessEnv): { log: Logger; destination: BufferedDestination } {
  const fromLogLevel = env['LOG_LEVEL'] !== undefined && env['LOG_LEVEL'] !== '';
  const variable = fromLogLevel ? 'LOG_LEVEL' : 'SMSHUB_LOG_LEVEL';
  const value = (fromLogLevel ? env['LOG_LEVEL'] : env['SMSHUB_LOG_LEVEL']) || 'info';
  if (!(LEVELS as readonly string[]).includes(value))
    throw new Error(`${name}: ${variable} must be one of ${LEVELS.join(', ')} (got "${value}")`);
  // Lines go to stdout in batches (one write per event-loop turn), a full pipe is retried by a
  // timer instead of slept on, and everything held is written synchronously before any exit:
  // see BufferedDestination and docs/decisions/0183. (pino's own synchronous stream slept
  // 100 ms on every EAGAIN and made one write per line; its asynchronous one let an in-flight
  // write land after the lines flushed at exit.)
  const destination = new BufferedDestination({ fd: 1, dropNotice: dropNoticeOf(name) });
  const log = pino({ name, level: value }, destination);
  if (!fromLogLevel && env['SMSHUB_LOG_LEVEL'])
    log.warn('SMSHUB_LOG_LEVEL is deprecated: set LOG_LEVEL (the one level variable of every process)');
  return { log, destination };
}

/** The line that marks dropped lines, formatted by pino like every other line of the process. */
function dropNoticeOf(name: string): (dropped: number) => string {
  let line = '';
  const format = pino({ name, level: 'warn' }, { write: (formatted: string) => void (line = formatted) });
  return (dropped) => {
    format.warn({ droppedLines: dropped }, DROP_MESSAGE);
    return line;
  };
}

/**
 * Runs a process: `main` starts it and resolves with its drain. From then on:
 * - SIGTERM or SIGINT drains it (stop taking work, finish what is in hand) and exits 0, or
 *   exits 124 when the drain outlives its deadline, 1 when it fails;
 * - a second signal during the drain exits 130 at once, saying so;
 * - an uncaught exception or unhandled rejection is logged fatally and exits 1 (a process in an
 *   unknown state must not carry on: its work is resumed by the next one);
 * - a start-up error is logged fatally and exits 1.
 * A signal during start-up waits for the start to finish, then drains.
 */
export function runProcess(options: ProcessOptions, main: (log: Logger) => Promise<Drain>): void {
  const env = options.env ?? process.env;
  let log: Logger;
  let destination: BufferedDestination;
  let drainTimeoutMs: number;
  try {
    ({ log, destination } = createLogger(options.name, env));
    drainTimeoutMs = options.drainTimeoutMs ?? drainTimeoutFromEnv(options.name, env);
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(ExitCode.failed);
  }

  // Every line still held is written before the exit, in order (waiting out a full pipe).
  const exit = (code: number): void => {
    destination.flushSync();
    process.exit(code);
  };
  process.on('uncaughtException', (error) => {
    log.fatal({ err: error }, 'uncaught exception; exiting');
    exit(ExitCode.failed);
  });
  process.on('unhandledRejection', (reason) => {
    log.fatal({ err: reason }, 'unhandled promise rejection; exiting');
    exit(ExitCode.failed);
  });

  let drain: Drain | null = null;
  let signalled: NodeJS.Signals | null = null;
  const startDrain = (signal: NodeJS.Signals, run: Drain): void => {
    log.info({ signal, deadlineMs: drainTimeoutMs }, 'stopping: draining');
    const deadline = setTimeout(() => {
      log.error({ signal, deadlineMs: drainTimeoutMs }, 'drain did not finish in time; exiting');
      exit(ExitCode.drainTimeout);
    }, drainTimeoutMs);
    deadline.unref();
    run().then(
      () => {
        clearTimeout(deadline);
        log.info('stopped');
        exit(ExitCode.stopped);
      },
      (error: unknown) => {
        log.fatal({ err: error }, 'drain failed; exiting');
        exit(ExitCode.failed);
      },
    );
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (signalled !== null) {
      log.warn({ signal, first: signalled }, 'second signal: exiting without finishing the drain');
      exit(ExitCode.interrupted);
      return;
    }
    signalled = signal;
    if (drain === null) log.info({ signal }, 'signal during start-up: stopping once started');
    else startDrain(signal, drain);
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  main(log).then(
    (started) => {
      drain = started;
      if (signalled !== null) startDrain(signalled, started);
    },
    (error: unknown) => {
      log.fatal({ err: error }, `${options.name} failed to start`);
      exit(ExitCode.failed);
    },
  );
}

function drainTimeoutFromEnv(name: string, env: NodeJS.ProcessEnv): number {
  const raw = env['SMSHUB_DRAIN_TIMEOUT_MS'];
  if (raw === undefined || raw === '') return 30_000;
  const value = Number(raw);
  if (Number.isInteger(value) && value >= 100 && value <= 3_600_000) return value;
  throw new Error(`${name}: SMSHUB_DRAIN_TIMEOUT_MS must be a whole number of ms, 100…3600000 (got "${raw}")`);
}
