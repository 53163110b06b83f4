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

/** How a supervised child is brought back after it dies on its own. */
export interface SuperviseOptions {
  /** Told each time it died and each time it is back (one line each, for a person to read). */
  readonly log: (line: string) => void;
  /** First delay before a restart (default 1 s), doubled while it keeps dying, up to `maxDelayMs` (30 s). */
  readonly minDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Running this long resets the delay to `minDelayMs` (default 60 s). */
  readonly healthyAfterMs?: number;
}

/**
 * One process of the stack: started, watched for readiness in its own log lines, killed with any
 * signal and started again — what the demo, the benchmark and the crash tests do to it. A
 * supervised child (the demo's) that dies on its own — not through `kill` — is started again
 * after a back-off, and says so.
 */
export class StackChild {
  private child: ChildProcess | null = null;
  private log: WriteStream | null = null;
  private exited: Promise<number | null> = Promise.resolve(null);
  private readonly lineListeners = new Set<(line: string) => void>();
  /** Times it was started. */
  starts = 0;
  private supervision: SuperviseOptions | null = null;
  private restartTimer: NodeJS.Timeout | null = null;
  private restartDelayMs = 0;
  /** Set by `kill`: this exit is wanted, not a death to heal. */
  private stopping = false;
  private startedAt = 0;

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

  /** From now on, a death not asked for through `kill` is healed by starting it again. */
  supervise(options: SuperviseOptions): void {
    this.supervision = options;
    this.restartDelayMs = options.minDelayMs ?? 1_000;
  }

  async start(): Promise<void> {
    if (this.running) throw new Error(`${this.name} is already running`);
    this.stopping = false;
    this.startedAt = Date.now();
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
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        resolve(code);
        this.onExit(child, code, signal);
      }),
    );
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

  /**
   * A supervised child that died on its own: say so, wait, start it again (and again, each
   * delay twice the last, while it keeps dying before it has run `healthyAfterMs`).
   */
  private onExit(child: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    const supervision = this.supervision;
    if (supervision === null || this.stopping || child !== this.child) return;
    const min = supervision.minDelayMs ?? 1_000;
    const max = supervision.maxDelayMs ?? 30_000;
    if (Date.now() - this.startedAt >= (supervision.healthyAfterMs ?? 60_000)) this.restartDelayMs = min;
    const delay = this.restartDelayMs;
    this.restartDelayMs = Math.min(max, delay * 2);
    const how = signal === null ? `exited with code ${code}` : `was killed (${signal})`;
    this.log?.write(`--- ${new Date().toISOString()} ${how}; restarting in ${delay} ms\n`);
    supervision.log(`${this.name} ${how}; restarting it in ${(delay / 1000).toFixed(1)} s`);
    this.restartTimer = setTimeout(() => {
      this.restartTimer = null;
      if (this.stopping || this.running) return;
      this.start().then(
        () => supervision.log(`${this.name} is back (pid ${this.pid ?? '?'})`),
        // A start that fails ends in another exit, which schedules the next try.
        (error: unknown) =>
          supervision.log(`${this.name} did not start: ${error instanceof Error ? error.message : String(error)}`),
      );
    }, delay);
    this.restartTimer.unref();
  }

  /** Sends `signal` and resolves with the exit code once the process is gone. */
  async kill(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 30_000): Promise<number | null> {
    this.stopping = true;
    if (this.restartTimer !== null) clearTimeout(this.restartTimer);
    this.restartTimer = null;
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
