import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';

/*
 * The bootstrap as a process: a stand-in worker (test/fixtures/worker.ts) run through tsx, sent
 * signals, its exit code and log lines checked.
 */

const PACKAGE_DIR = fileURLToPath(new URL('..', import.meta.url));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0))
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

interface LogLine {
  readonly level: number;
  readonly name?: string;
  readonly msg: string;
  readonly signal?: string;
  readonly err?: { readonly message: string };
}

function start(env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=@smshub/source', 'test/fixtures/worker.ts'], {
    cwd: PACKAGE_DIR,
    env: { PATH: process.env['PATH'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  // 'close', not 'exit': only then has all its output been read.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  const lines = (): LogLine[] =>
    stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as LogLine);
  const messages = () => lines().map((line) => line.msg);
  const logged = (msg: string) =>
    vi.waitFor(() => expect(messages()).toContain(msg), { timeout: 20_000, interval: 20 });
  return { child, exited, lines, messages, logged, stderr: () => stderr };
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
