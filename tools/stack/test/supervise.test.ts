import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StackChild } from '../src/index.js';

/*
 * The demo supervises what it starts: a process that dies on its own is started again, after a
 * back-off, and says so. A small real process stands in for a worker (the whole stack is not
 * needed to see a process die and come back).
 */

const dir = mkdtempSync(path.join(tmpdir(), 'smshub-supervise-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function worker(name: string, script = `console.log('worker started'); setInterval(() => {}, 1000);`): StackChild {
  return new StackChild({
    name,
    command: process.execPath,
    args: ['-e', script],
    cwd: dir,
    env: {},
    logFile: path.join(dir, `${name}.log`),
    ready: (line) => line.includes('worker started'),
  });
}

describe('a supervised stack process', () => {
  it('is restarted when someone kills it, and says so', async () => {
    const lines: string[] = [];
    const child = worker('carrier-1');
    await child.start();
    child.supervise({ log: (line) => lines.push(line), minDelayMs: 200 });
    const first = child.pid!;
    try {
      // What a person does: kill -9 the process, not through the stack.
      process.kill(first, 'SIGKILL');
      await expect.poll(() => child.running && child.pid !== first, { timeout: 20_000 }).toBe(true);
      expect(child.starts).toBe(2);
      await expect.poll(() => lines.some((l) => l.startsWith('carrier-1 is back')), { timeout: 20_000 }).toBe(true);
      expect(lines[0]).toBe('carrier-1 was killed (SIGKILL); restarting it in 0.2 s');
      expect(readFileSync(path.join(dir, 'carrier-1.log'), 'utf8')).toMatch(
        /was killed \(SIGKILL\); restarting in 200 ms/,
      );
    } finally {
      await child.close();
    }
  });

  it('backs off while the process keeps dying', async () => {
    const lines: string[] = [];
    const child = worker('flaky', `console.log('worker started'); setTimeout(() => process.exit(3), 50);`);
    await child.start();
    child.supervise({ log: (line) => lines.push(line), minDelayMs: 100, maxDelayMs: 400 });
    try {
      await expect
        .poll(() => lines.filter((l) => l.includes('exited with code 3')).length, { timeout: 30_000 })
        .toBeGreaterThanOrEqual(4);
      const delays = lines.flatMap((l) => /restarting it in ([\d.]+) s/.exec(l)?.[1] ?? []).slice(0, 4);
      expect(delays).toEqual(['0.1', '0.2', '0.4', '0.4']);
    } finally {
      await child.close();
    }
  });

  it('is not restarted when the stack kills it on purpose (the crash tests do)', async () => {
    const lines: string[] = [];
    const child = worker('dispatcher-1');
    await child.start();
    child.supervise({ log: (line) => lines.push(line), minDelayMs: 50 });
    await child.kill('SIGKILL');
    // The exit has been handled by now: a supervisor that mistook it for a death has said so.
    expect(child.running).toBe(false);
    expect(lines).toEqual([]);
    await child.start();
    expect(child.starts).toBe(2);
    await child.close();
  });
});
