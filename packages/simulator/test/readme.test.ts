import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it, vi } from 'vitest';

/**
 * Runs the shell commands packages/simulator/README.md documents, as a new user types them in
 * the repository: the build, the start line (which must come up and say it listens), and the
 * control API's curl lines against it. Only the listen ports are changed, to free ones, because
 * the machine may already use the documented ones; everything else is the README's text.
 */

const run = promisify(execFile);
const PACKAGE = fileURLToPath(new URL('..', import.meta.url));
const ROOT = join(PACKAGE, '..', '..');
const README = readFileSync(join(PACKAGE, 'README.md'), 'utf8');

/** The commands of every ```sh block, continuation lines joined, comments and blank lines dropped. */
function shellCommands(markdown: string): string[] {
  const commands: string[] = [];
  for (const block of markdown.matchAll(/```sh\n([\s\S]*?)```/g)) {
    const body = (block[1] ?? '').replace(/\\\n\s*/g, '');
    for (const line of body.split('\n')) {
      const command = line.replace(/\s+#.*$/, '').trim();
      if (command !== '' && !command.startsWith('#')) commands.push(command);
    }
  }
  return commands;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** PATH with `pnpm` on it: the user's own if there is one, else a shim running pnpm 10 through npx. */
async function pathWithPnpm(): Promise<string> {
  const path = process.env.PATH ?? '';
  try {
    await run('sh', ['-c', 'command -v pnpm']);
    return path;
  } catch {
    const bin = mkdtempSync(join(tmpdir(), 'readme-pnpm-'));
    writeFileSync(join(bin, 'pnpm'), '#!/bin/sh\nexec npx -y pnpm@10 "$@"\n');
    chmodSync(join(bin, 'pnpm'), 0o755);
    return `${bin}${delimiter}${path}`;
  }
}

const started: ChildProcess[] = [];

afterAll(async () => {
  await Promise.all(started.map(stop));
});

/** Ends the whole process group (pnpm, then node under it) and waits for the shell to go. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(-child.pid, 'SIGTERM');
  await exited;
}

describe('packages/simulator/README.md', () => {
  const commands = shellCommands(README);

  it('documents a build, a start line and control API calls', () => {
    expect(commands.filter((c) => /^pnpm .* build$/.test(c))).toHaveLength(1);
    expect(commands.filter((c) => /^pnpm .* start /.test(c))).toHaveLength(1);
    expect(commands.filter((c) => c.startsWith('curl ')).length).toBeGreaterThan(0);
  });

  it('runs as documented: build, start (gateway and control API listening), curl', async () => {
    const ports = new Map<string, string>();
    for (const match of commands.join('\n').matchAll(/127\.0\.0\.1:(\d+)/g)) {
      if (!ports.has(match[1] ?? '')) ports.set(match[1] ?? '', String(await freePort()));
    }
    const localise = (command: string): string =>
      command.replace(/127\.0\.0\.1:(\d+)/g, (_, port: string) => `127.0.0.1:${ports.get(port) ?? port}`);
    const env = { ...process.env, PATH: await pathWithPnpm() };
    const [build, start] = [
      commands.find((c) => /^pnpm .* build$/.test(c)),
      commands.find((c) => /^pnpm .* start /.test(c)),
    ];
    expect(build).toBeDefined();
    expect(start).toBeDefined();

    await run('sh', ['-c', build ?? ''], { cwd: ROOT, env, timeout: 600_000 });

    const simulator = spawn('sh', ['-c', localise(start ?? '')], {
      cwd: ROOT,
      env,
      detached: true, // its own process group, so stop() ends pnpm and the node under it
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.push(simulator);
    let output = '';
    simulator.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    simulator.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<never>((_, reject) =>
      simulator.once('exit', (code) => reject(new Error(`exited (${code}) before listening:\n${output}`))),
    );
    exited.catch(() => undefined); // raced below; once it listens, its exit at stop() is expected
    await Promise.race([
      exited,
      vi.waitFor(
        () => {
          expect(output).toContain('"msg":"gateway listening"');
          expect(output).toContain('"msg":"control API listening"');
        },
        { timeout: 120_000, interval: 100 },
      ),
    ]);

    for (const curl of commands.filter((c) => c.startsWith('curl '))) {
      const { stdout } = await run('sh', ['-c', localise(curl)], { cwd: ROOT, env, timeout: 30_000 });
      expect(JSON.parse(stdout), curl).not.toHaveProperty('error');
    }
    await stop(simulator);
  }, 900_000);
});
