import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { createInterface } from 'node:readline';

export interface ChildSpec {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** Every output line goes here (appended). */
  readonly logFile: string;
  /** The process is ready once a line satisfies this (default: at once). */
  readonly ready?: (line: string) => boolean;
  readonly readyTimeoutMs?: number;
  /** Also print its lines, prefixed with its name. */
  readonly echo?: boolean;
}

/**
 * One process of the stack: started, watched for readiness in its own log lines, killed with any
 * signal and started again — what the demo, the benchmark and the crash tests do to it.
 */
export class StackChild {
  private child: ChildProcess | null = null;
  private log: WriteStream | null = null;
  private exited: Promise<number | null> = Promise.resolve(null);
  private readonly lineListeners = new Set<(line: string) => void>();
  /** Times it was started. */
  starts = 0;

  constructor(readonly spec: ChildSpec) {}

  get name(): string {
    return this.spec.name;
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Calls `listener` with every output line from now on; returns a function that stops it. */
  onLine(listener: (line: string) => void): () => void {
    this.lineListeners.add(listener);
    return () => this.lineListeners.delete(listener);
  }

  async start(): Promise<void> {
    if (this.running) throw new Error(`${this.name} is already running`);
    const { spec } = this;
    this.log ??= createWriteStream(spec.logFile, { flags: 'a' });
    this.log.write(`--- ${new Date().toISOString()} start ${spec.command} ${spec.args.join(' ')}\n`);
    // Its own process group, so a signal reaches the whole tree (next start runs a next-server child).
    const child = spawn(spec.command, [...spec.args], {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    this.child = child;
    this.starts++;
    this.exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    const ready = spec.ready;
    let readyResolve: () => void = () => undefined;
    const readyPromise = new Promise<void>((resolve) => (readyResolve = resolve));
    const onLine = (line: string) => {
      this.log?.write(`${line}\n`);
      if (spec.echo === true) process.stdout.write(`${spec.name.padEnd(12)}| ${line}\n`);
      if (ready?.(line) === true) readyResolve();
      for (const listener of this.lineListeners) listener(line);
    };
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', onLine);
    if (ready === undefined) return;
    const timeoutMs = spec.readyTimeoutMs ?? 60_000;
    let timer: NodeJS.Timeout | undefined;
    const failure = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`${this.name} not ready after ${timeoutMs} ms (see ${spec.logFile})`)),
        timeoutMs,
      );
      void this.exited.then((code) =>
        reject(new Error(`${this.name} exited with ${code} before it was ready (see ${spec.logFile})`)),
      );
    });
    try {
      await Promise.race([readyPromise, failure]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends `signal` and resolves with the exit code once the process is gone. */
  async kill(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 30_000): Promise<number | null> {
    const child = this.child;
    if (child === null || !this.running) return child?.exitCode ?? null;
    const signalGroup = (sig: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, sig);
      } catch {
        child.kill(sig);
      }
    };
    signalGroup(signal);
    const timer = setTimeout(() => signalGroup('SIGKILL'), timeoutMs);
    const code = await this.exited;
    clearTimeout(timer);
    this.log?.write(`--- ${new Date().toISOString()} exited (${signal})\n`);
    return code;
  }

  async restart(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await this.kill(signal);
    await this.start();
  }

  async close(): Promise<void> {
    await this.kill();
    await new Promise<void>((resolve) => (this.log === null ? resolve() : this.log.end(resolve)));
    this.log = null;
  }
}
