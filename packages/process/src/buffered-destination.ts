import fs from 'node:fs';

const KiB = 1024;
const MiB = 1024 * KiB;

export interface BufferedDestinationOptions {
  /** The file descriptor written to. Default 1 (stdout): a file, a pipe, a socket or a TTY. */
  readonly fd?: number;
  /** More than this many bytes waiting are written at once, not at the end of the turn. Default 64 KiB. */
  readonly batchBytes?: number;
  /**
   * How many bytes may wait for a reader that lags. A line that would take the buffer beyond
   * is dropped and counted, and so are the next ones until the buffer is down to half; then one
   * line (`dropNotice`) says how many are missing, where they are missing. Default 16 MiB.
   */
  readonly maxBufferedBytes?: number;
  /** How long to wait before writing again when the fd took nothing (EAGAIN). Default 5 ms. */
  readonly retryMs?: number;
  /** How long `flushSync` keeps trying while the fd takes not one byte, before it gives up. Default 10 s. */
  readonly flushSyncStallMs?: number;
  /** The line written in place of the dropped ones. Default: a JSON line at pino's warn level. */
  readonly dropNotice?: (dropped: number) => string;
  /** The write syscall; tests pass a fake. Default `fs.writeSync`. */
  readonly writeSync?: (fd: number, data: string | Uint8Array) => number;
}

/** The write errors after which the same write may succeed later. */
const RETRYABLE = new Set(['EAGAIN', 'EWOULDBLOCK', 'EBUSY', 'EINTR']);
const isRetryable = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && RETRYABLE.has(String((error as { code?: unknown }).code));

const tookNothing = (): Error => Object.assign(new Error('the write took no bytes'), { code: 'EAGAIN' });

const sleepCell = new Int32Array(new SharedArrayBuffer(4));
/** Blocks the thread for `ms` without spinning (a futex wait). Only `flushSync` does it. */
const sleep = (ms: number): void => void Atomics.wait(sleepCell, 0, 0, ms);

/** Every destination writes what it still holds when the process exits, however it exits. */
const live = new Set<BufferedDestination>();
let exitHooked = false;

/**
 * A log destination for pino (`pino(options, destination)`) that writes its lines in batches and
 * never waits for a reader while the process runs:
 * - the lines logged in one event-loop turn go out in one `fs.writeSync`, from a `setImmediate`
 *   (or at once when more than `batchBytes` wait);
 * - when the fd is full (EAGAIN: a non-blocking pipe whose reader lags) the rest stays in the
 *   buffer and a timer tries again `retryMs` later: the event loop goes on;
 * - beyond `maxBufferedBytes` lines are dropped and counted (see the option), never waited for;
 * - `flushSync()` writes everything still held before it returns, waiting out EAGAIN (it sleeps
 *   `retryMs` between tries): `runProcess` calls it before `process.exit`, pino after a fatal
 *   line, and every destination on the process's `exit` event.
 * Every byte goes out through a synchronous write, so no write is ever in flight and the lines
 * leave in the order they were logged, also the last ones at exit. A blocking fd (a file, a TTY,
 * a pipe nobody made non-blocking) never says EAGAIN: there a full pipe blocks the write in the
 * kernel, as any synchronous write does.
 */
export class BufferedDestination {
  readonly #fd: number;
  readonly #batchBytes: number;
  readonly #maxBufferedBytes: number;
  readonly #retryMs: number;
  readonly #flushSyncStallMs: number;
  readonly #dropNotice: (dropped: number) => string;
  readonly #writeSync: (fd: number, data: string | Uint8Array) => number;

  /** Lines not yet handed to a write, oldest first, and their size in bytes. */
  #lines: string[] = [];
  #linesBytes = 0;
  /** The part of the last batch the fd did not take: written before anything else. */
  #rest: Buffer | null = null;
  #immediate: NodeJS.Immediate | null = null;
  #retry: NodeJS.Timeout | null = null;
  /** Lines dropped since the buffer was last below its bound (0: not dropping). */
  #dropped = 0;
  #failed: Error | null = null;
  #flushed: ((error?: Error) => void)[] = [];

  constructor(options: BufferedDestinationOptions = {}) {
    this.#fd = options.fd ?? 1;
    this.#batchBytes = options.batchBytes ?? 64 * KiB;
    this.#maxBufferedBytes = options.maxBufferedBytes ?? 16 * MiB;
    this.#retryMs = options.retryMs ?? 5;
    this.#flushSyncStallMs = options.flushSyncStallMs ?? 10_000;
    this.#dropNotice = options.dropNotice ?? defaultDropNotice;
    // fs.writeSync looked up at each call, not bound once: a test may count the calls.
    this.#writeSync =
      options.writeSync ?? ((fd, data) => (typeof data === 'string' ? fs.writeSync(fd, data) : fs.writeSync(fd, data)));
    live.add(this);
    if (!exitHooked) {
      exitHooked = true;
      process.on('exit', () => {
        for (const destination of live) destination.flushSync();
      });
    }
  }

  /** Bytes logged and not yet written. */
  get bufferedBytes(): number {
    return this.#linesBytes + (this.#rest?.length ?? 0);
  }

  /** Takes one line (pino gives it with its newline). False when it was dropped. */
  write(line: string): boolean {
    if (this.#failed !== null) return false;
    if (this.#dropped > 0) {
      if (this.bufferedBytes > this.#maxBufferedBytes / 2) {
        this.#dropped += 1;
        return false;
      }
      this.#admitDropNotice();
    }
    const bytes = Buffer.byteLength(line);
    if (this.bufferedBytes + bytes > this.#maxBufferedBytes) {
      this.#dropped = 1;
      if (this.#retry === null) this.#immediate ??= setImmediate(this.#onImmediate);
      return false;
    }
    this.#lines.push(line);
    this.#linesBytes += bytes;
    if (this.#retry !== null) return true; // the fd is full: the retry writes it
    if (this.#linesBytes >= this.#batchBytes) this.#writeOut();
    else this.#immediate ??= setImmediate(this.#onImmediate);
    return true;
  }

  /** Writes what it can now without waiting; `cb` once everything logged so far is written. */
  flush(cb?: (error?: Error) => void): void {
    this.#writeOut();
    if (cb === undefined) return;
    if (this.#failed !== null) process.nextTick(cb, this.#failed);
    else if (this.bufferedBytes === 0) process.nextTick(cb);
    else this.#flushed.push(cb);
  }

  /**
   * Writes everything still held before it returns, sleeping `retryMs` between tries while the
   * fd is full. Gives up (and says so on stderr) only when the fd took nothing for
   * `flushSyncStallMs`: a reader that stopped for good must not keep a process from exiting.
   */
  flushSync(): void {
    if (this.#immediate !== null) clearImmediate(this.#immediate);
    if (this.#retry !== null) clearTimeout(this.#retry);
    this.#immediate = null;
    this.#retry = null;
    if (this.#failed !== null) return;
    if (this.#dropped > 0) this.#admitDropNotice();
    let stalledSince: number | null = null;
    while (this.bufferedBytes > 0) {
      try {
        this.#writeOnce();
        stalledSince = null;
      } catch (error) {
        if (!isRetryable(error)) return this.#fail(error);
        stalledSince ??= Date.now();
        if (Date.now() - stalledSince >= this.#flushSyncStallMs) {
          const lost = this.bufferedBytes;
          this.#discard();
          this.#tellStderr(
            `${lost} bytes of log lines not written: fd ${this.#fd} took nothing for ${this.#flushSyncStallMs} ms`,
          );
          break;
        }
        sleep(this.#retryMs);
      }
    }
    this.#settleFlushed();
  }

  readonly #onImmediate = (): void => {
    this.#immediate = null;
    this.#writeOut();
  };

  readonly #onRetry = (): void => {
    this.#retry = null;
    this.#writeOut();
  };

  /** Writes until everything is out or the fd is full; never waits. */
  #writeOut(): void {
    if (this.#failed !== null || this.#retry !== null) return;
    try {
      for (;;) {
        if (this.#dropped > 0 && this.bufferedBytes <= this.#maxBufferedBytes / 2) this.#admitDropNotice();
        if (this.bufferedBytes === 0) break;
        this.#writeOnce();
      }
    } catch (error) {
      if (isRetryable(error)) this.#retry = setTimeout(this.#onRetry, this.#retryMs);
      else this.#fail(error);
      return;
    }
    this.#settleFlushed();
  }

  /**
   * One write syscall: the rest of the last batch, or every waiting line as one batch. Throws
   * the write's error, or EAGAIN when it took nothing; what was not taken stays, in front.
   */
  #writeOnce(): void {
    if (this.#rest !== null) {
      const written = this.#writeSync(this.#fd, this.#rest);
      this.#rest = written >= this.#rest.length ? null : this.#rest.subarray(written);
      if (written <= 0) throw tookNothing();
      return;
    }
    const batch = this.#lines.length === 1 ? (this.#lines[0] ?? '') : this.#lines.join('');
    const bytes = this.#linesBytes;
    this.#lines = [];
    this.#linesBytes = 0;
    let written: number;
    try {
      written = this.#writeSync(this.#fd, batch);
    } catch (error) {
      this.#rest = Buffer.from(batch, 'utf8');
      throw error;
    }
    if (written < bytes) this.#rest = Buffer.from(batch, 'utf8').subarray(written);
    if (written <= 0) throw tookNothing();
  }

  #admitDropNotice(): void {
    const notice = this.#dropNotice(this.#dropped);
    this.#dropped = 0;
    this.#lines.push(notice);
    this.#linesBytes += Buffer.byteLength(notice);
  }

  /** A write error other than "full" (EPIPE: the reader is gone, EBADF): stop, say so once. */
  #fail(error: unknown): void {
    this.#failed = error instanceof Error ? error : new Error(String(error));
    const lost = this.bufferedBytes;
    this.#discard();
    live.delete(this);
    this.#tellStderr(`log lines no longer written to fd ${this.#fd} (${lost} bytes lost): ${this.#failed.message}`);
    this.#settleFlushed();
  }

  #discard(): void {
    this.#lines = [];
    this.#linesBytes = 0;
    this.#rest = null;
  }

  #settleFlushed(): void {
    if (this.#flushed.length === 0 || (this.#failed === null && this.bufferedBytes > 0)) return;
    const callbacks = this.#flushed;
    this.#flushed = [];
    for (const cb of callbacks) cb(this.#failed ?? undefined);
  }

  #tellStderr(message: string): void {
    try {
      this.#writeSync(2, `${message}\n`);
    } catch {
      // stderr is gone too: nowhere left to say it.
    }
  }
}

function defaultDropNotice(dropped: number): string {
  return `${JSON.stringify({ level: 40, time: Date.now(), droppedLines: dropped, msg: DROP_MESSAGE })}\n`;
}

export const DROP_MESSAGE = 'log lines dropped: the output did not keep up';
