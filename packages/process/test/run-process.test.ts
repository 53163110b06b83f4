import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';

/*
 * The bootstrap as a process: a stand-in worker (test/fixtures/worker.ts) run through tsx, sent
 * signals, its exit code and log lines checked.
 */

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const WORKER = [process.execPath, '--import', 'tsx', '--conditions=@smshub/source', 'test/fixtures/worker.ts'] as const;
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

interface LogLine {
  readonly level: number;
  readonly name?: string;
  readonly msg: string;
  readonly seq?: number;
  readonly signal?: string;
  readonly err?: { readonly message: string };
}

const parseLines = (output: string): LogLine[] =>
  output
    .split(/\r?\n/)
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);

/**
 * The worker, its stdout a pipe. `readStdout: false` leaves the pipe unread until
 * `readSlowly()`: a reader that lags, taking a timer tick over every chunk it reads.
 */
function start(env: Record<string, string> = {}, { readStdout = true } = {}) {
  const [command, ...args] = WORKER;
  const child = spawn(command, args, {
    cwd: PACKAGE_DIR,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  const onStdout = (chunk: Buffer) => (stdout += chunk.toString('utf8'));
  if (readStdout) child.stdout.on('data', onStdout);
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const readSlowly = () =>
    child.stdout.pipe(
      new Writable({
        highWaterMark: 1,
        write(chunk: Buffer, _encoding, done) {
          onStdout(chunk);
          setTimeout(done, 1);
        },
      }),
    );
  /** The number in the first stderr line matching `pattern` (one group), once there is one. */
  const reported = (pattern: RegExp) =>
    vi.waitFor(
      () => {
        const found = pattern.exec(stderr);
        expect(found, `stderr: ${stderr}`).not.toBeNull();
        return Number(found?.[1]);
      },
      { timeout: 30_000, interval: 20 },
    );
  // 'close', not 'exit': only then has all its output been read.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  const lines = (): LogLine[] => parseLines(stdout);
  const messages = () => lines().map((line) => line.msg);
  const logged = (msg: string) =>
    vi.waitFor(() => expect(messages()).toContain(msg), { timeout: 20_000, interval: 20 });
  return { child, exited, lines, messages, logged, readSlowly, reported, stderr: () => stderr };
}

describe('runProcess', () => {
  it('drains on SIGTERM and exits 0', async () => {
    const worker = start({ DRAIN_MS: '200' });
    await worker.logged('ready');
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    const messages = worker.messages();
    expect(messages.slice(messages.indexOf('stopping: draining'))).toEqual([
      'stopping: draining',
      'drain started',
      'drain finished',
      'stopped',
    ]);
    expect(worker.lines().find((l) => l.msg === 'stopping: draining')).toMatchObject({
      signal: 'SIGTERM',
      name: 'fixture',
    });
  });

  it('drains on SIGINT as on SIGTERM', async () => {
    const worker = start();
    await worker.logged('ready');
    worker.child.kill('SIGINT');
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    expect(worker.messages()).toContain('drain finished');
  });

  it('exits 130 at once on a second signal, saying so', async () => {
    const worker = start({ DRAIN_MS: 'hang' });
    await worker.logged('ready');
    worker.child.kill('SIGTERM');
    await worker.logged('drain started');
    worker.child.kill('SIGINT');
    expect(await worker.exited).toEqual({ code: 130, signal: null });
    expect(worker.lines().find((l) => l.msg.startsWith('second signal'))).toMatchObject({
      level: 40,
      signal: 'SIGINT',
    });
    expect(worker.messages()).not.toContain('stopped');
  });

  it('exits 124 when the drain outlives its deadline', async () => {
    const worker = start({ DRAIN_MS: 'hang', SMSHUB_DRAIN_TIMEOUT_MS: '500' });
    await worker.logged('ready');
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toEqual({ code: 124, signal: null });
    expect(worker.lines().find((l) => l.msg === 'drain did not finish in time; exiting')).toMatchObject({ level: 50 });
  });

  it('exits 1 when the drain fails, logging why', async () => {
    const worker = start({ FAIL_DRAIN: '1' });
    await worker.logged('ready');
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toEqual({ code: 1, signal: null });
    expect(worker.lines().find((l) => l.msg === 'drain failed; exiting')).toMatchObject({
      level: 60,
      err: { message: 'could not flush' },
    });
  });

  it.each([
    ['exception', 'uncaught exception; exiting', 'boom in a callback'],
    ['rejection', 'unhandled promise rejection; exiting', 'nobody awaited me'],
  ])('logs an uncaught %s fatally and exits 1', async (crash, msg, message) => {
    const worker = start({ CRASH: crash });
    expect(await worker.exited).toEqual({ code: 1, signal: null });
    expect(worker.lines().find((l) => l.msg === msg)).toMatchObject({ level: 60, err: { message } });
  });

  it('logs a failed start fatally and exits 1', async () => {
    const worker = start({ FAIL_START: '1' });
    expect(await worker.exited).toEqual({ code: 1, signal: null });
    expect(worker.lines().find((l) => l.msg === 'fixture failed to start')).toMatchObject({
      level: 60,
      err: { message: 'cannot reach the database' },
    });
  });

  it('drains once started when the signal came during start-up', async () => {
    const worker = start({ START_MS: '1000' });
    await worker.logged('starting');
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    const messages = worker.messages();
    expect(messages.indexOf('signal during start-up: stopping once started')).toBeLessThan(messages.indexOf('ready'));
    expect(messages.slice(messages.indexOf('ready'))).toEqual([
      'ready',
      'a warning',
      'stopping: draining',
      'drain started',
      'drain finished',
      'stopped',
    ]);
  });

  it('takes its level from LOG_LEVEL', async () => {
    const worker = start({ LOG_LEVEL: 'warn' });
    await worker.logged('a warning');
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    expect(worker.messages()).toEqual(['a warning']);
  });

  it('still reads the older SMSHUB_LOG_LEVEL, with a warning, when LOG_LEVEL is not set', async () => {
    const worker = start({ SMSHUB_LOG_LEVEL: 'warn' });
    await worker.logged('a warning');
    worker.child.kill('SIGTERM');
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    expect(worker.messages()).toEqual([
      'SMSHUB_LOG_LEVEL is deprecated: set LOG_LEVEL (the one level variable of every process)',
      'a warning',
    ]);
  });

  it.each([
    [
      { LOG_LEVEL: 'loud' },
      /fixture: LOG_LEVEL must be one of trace, debug, info, warn, error, fatal, silent \(got "loud"\)/,
    ],
    [{ SMSHUB_DRAIN_TIMEOUT_MS: 'soon' }, /fixture: SMSHUB_DRAIN_TIMEOUT_MS must be a whole number of ms/],
  ])('refuses a bad setting %o with a message naming it, exit 1', async (env, message) => {
    const worker = start(env);
    expect(await worker.exited).toEqual({ code: 1, signal: null });
    expect(worker.stderr()).toMatch(message);
    expect(worker.messages()).toEqual([]);
  });
});

describe('its log lines', () => {
  const BURST = 20_000;
  const READY = ['starting', 'ready', 'a warning'];
  const STOPPED = ['stopping: draining', 'drain started', 'drain finished', 'stopped'];

  /** The messages, the burst's lines folded into one entry saying whether all came, in order. */
  const summary = (lines: readonly LogLine[], burst: number) => {
    const seqs = lines.filter((line) => line.msg === 'burst line').map((line) => line.seq);
    const messages = lines.map((line) => line.msg);
    const first = messages.indexOf('burst line');
    return [
      ...messages.slice(0, first),
      { burstLines: seqs.length, firstOutOfPlace: seqs.findIndex((seq, index) => seq !== index) },
      ...messages.slice(first + seqs.length),
    ].concat(burst === seqs.length ? [] : [`expected ${burst} burst lines`]);
  };
  const allInOrder = (burst: number) => ({ burstLines: burst, firstOutOfPlace: -1 });

  it('writes the lines of an event-loop turn with one write, not one write a line', async () => {
    const worker = start({ BURST: '3000', STOP: '1', COUNT_WRITES: '1' });
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    expect(summary(worker.lines(), 3000)).toEqual([...READY, allInOrder(3000), ...STOPPED]);
    const writes = await worker.reported(/stdout writes=(\d+)/);
    // 3007 lines, 500 logged a turn: about ten writes (more when the pipe was full for a while).
    expect(writes).toBeGreaterThan(0);
    expect(writes).toBeLessThan(300);
  });

  it('keeps its event loop running while stdout is full (EAGAIN), then writes every line in order', async () => {
    const worker = start({ BURST: String(BURST), TICK: '1' }, { readStdout: false });
    // A timer fired while the pipe nobody reads was full and lines waited in the buffer.
    expect(await worker.reported(/tick buffered=(\d+)/)).toBeGreaterThan(0);
    // ...and a signal is still answered.
    worker.child.kill('SIGTERM');
    worker.readSlowly();
    expect(await worker.exited).toEqual({ code: 0, signal: null });
    expect(summary(worker.lines(), BURST)).toEqual([...READY, allInOrder(BURST), ...STOPPED]);
  });

  it.each([
    ['stops on a signal', { STOP: '1' }, 0, STOPPED],
    ['crashes', { CRASH: 'exception' }, 1, ['uncaught exception; exiting']],
  ])('writes every line, in order, when it %s while a slow reader lags behind', async (_exit, env, code, last) => {
    const worker = start({ BURST: String(BURST), ...env }, { readStdout: false });
    // It exits with the pipe full and lines still held: the exit has to wait for the reader.
    expect(await worker.reported(/burst logged buffered=(\d+)/)).toBeGreaterThan(0);
    worker.readSlowly();
    expect(await worker.exited).toEqual({ code, signal: null });
    expect(summary(worker.lines(), BURST)).toEqual([...READY, allInOrder(BURST), ...last]);
  });

  it('writes every line, in order, when stdout is a file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'smshub-process-'));
    const file = path.join(dir, 'stdout.log');
    const fd = fs.openSync(file, 'w');
    const [command, ...args] = WORKER;
    const child = spawn(command, args, {
      cwd: PACKAGE_DIR,
      env: { PATH: process.env['PATH'] ?? '', BURST: '3000', STOP: '1' },
      stdio: ['ignore', fd, 'ignore'],
    });
    children.push(child);
    fs.closeSync(fd);
    const code = await new Promise((resolve) => child.on('close', resolve));
    const lines = parseLines(fs.readFileSync(file, 'utf8'));
    fs.rmSync(dir, { recursive: true });
    expect(code).toBe(0);
    expect(summary(lines, 3000)).toEqual([...READY, allInOrder(3000), ...STOPPED]);
  });

  const hasScript = (() => {
    try {
      execFileSync('script', ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  it.skipIf(!hasScript)('writes every line, in order, when stdout is a TTY (util-linux script)', async () => {
    const quoted = WORKER.map((word) => `'${word}'`).join(' ');
    const child = spawn('script', ['-qec', quoted, '/dev/null'], {
      cwd: PACKAGE_DIR,
      env: { PATH: process.env['PATH'] ?? '', BURST: '3000', STOP: '1' },
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    children.push(child);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(summary(parseLines(output), 3000)).toEqual([...READY, allInOrder(3000), ...STOPPED]);
  });
});
