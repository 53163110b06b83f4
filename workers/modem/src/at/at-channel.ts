import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { AtClosedError, AtCommandError, AtTimeoutError } from './at-errors.js';
import { finalResult, type FinalResult } from './final-result.js';
import { LineSplitter } from './line-splitter.js';
import { isUnsolicited, parseUnsolicited, takesPduLine, type Unsolicited } from './unsolicited.js';

/**
 * One AT command at a time over a modem's serial stream (TS 27.007 §5): writes the command,
 * collects the intermediate lines the modem answers with, ends at the final result code, and
 * hands unsolicited result codes to their own handler whenever they arrive, also in the middle
 * of an answer. AT+CMGS waits for the "> " prompt before the PDU goes out.
 *
 * After a timeout the modem may still answer the abandoned command later, and that late OK
 * would end the next command too early. So the next command first resynchronises: it sends
 * "AT", waits for its OK, and then for the line to stay quiet for a moment, dropping whatever
 * arrives meanwhile.
 */

export interface AtResponse {
  /** Intermediate lines, without echo and without unsolicited codes. */
  readonly lines: readonly string[];
}

export interface AtCommandOptions {
  readonly timeoutMs?: number;
  /** The prefix of the answer lines (e.g. '+CREG:'), so they are not taken for unsolicited codes. */
  readonly prefix?: string;
}

export interface AtPromptOptions extends AtCommandOptions {
  readonly promptTimeoutMs?: number;
}

export interface AtChannelOptions {
  /** The port path, in errors and logs. */
  readonly port: string;
  readonly timeoutMs: number;
  readonly promptTimeoutMs: number;
  /** How long the line must stay silent before resynchronising is done. */
  readonly quietMs: number;
  readonly log?: Logger;
}

const CTRL_Z = '\x1a';
const ESC = '\x1b';

interface Execution {
  readonly command: string;
  readonly body: string | null;
  readonly prefix: string | null;
  readonly lines: string[];
  readonly responseTimeoutMs: number;
  phase: 'prompt' | 'response';
  written: boolean;
  timer: NodeJS.Timeout | null;
  finish(result: FinalResult | Error): void;
}

interface Job {
  readonly command: string;
  readonly body: string | null;
  readonly options: AtPromptOptions;
  readonly resolve: (response: AtResponse) => void;
  readonly reject: (error: Error) => void;
}

export class AtChannel {
  private readonly splitter: LineSplitter;
  private readonly queue: Job[] = [];
  private running = false;
  private current: Execution | null = null;
  private needsResync = false;
  private lastInputAt = 0;
  /** Header of a +CMT / +CDS whose PDU line comes next. */
  private pduHeader: string | null = null;
  private closedReason: string | null = null;
  private readonly handlers: Array<(code: Unsolicited) => void> = [];
  private readonly closeHandlers: Array<(reason: string) => void> = [];
  private readonly onData = (chunk: Buffer | string): void => {
    this.lastInputAt = Date.now();
    this.splitter.push(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk);
  };
  private readonly onClose = (): void => this.close('the serial port closed');
  private readonly onError = (error: Error): void => this.close(`serial port error: ${error.message}`);

  constructor(
    private readonly stream: Duplex,
    private readonly options: AtChannelOptions,
  ) {
    this.splitter = new LineSplitter({
      line: (line) => this.line(line),
      prompt: () => this.prompt(),
      overflow: (dropped) =>
        this.options.log?.warn({ port: this.options.port, dropped }, 'modem sent a line too long to be one; dropped'),
    });
    stream.on('data', this.onData);
    stream.on('close', this.onClose);
    stream.on('error', this.onError);
  }

  get closed(): boolean {
    return this.closedReason !== null;
  }

  /** Commands waiting or running. */
  get pending(): number {
    return this.queue.length + (this.running ? 1 : 0);
  }

  onUnsolicited(handler: (code: Unsolicited) => void): void {
    this.handlers.push(handler);
  }

  onClosed(handler: (reason: string) => void): void {
    this.closeHandlers.push(handler);
  }

  /** Runs `command` (without the trailing CR); rejects with AtCommandError, AtTimeoutError or AtClosedError. */
  run(command: string, options: AtCommandOptions = {}): Promise<AtResponse> {
    return this.enqueue(command, null, options);
  }

  /** Runs a command that prompts with "> " for `body`, sent then with Ctrl-Z (AT+CMGS). */
  runWithPrompt(command: string, body: string, options: AtPromptOptions = {}): Promise<AtResponse> {
    return this.enqueue(command, body, options);
  }

  /** Fails everything waiting and stops listening; the stream itself is left to its owner. */
  close(reason = 'channel closed'): void {
    if (this.closedReason !== null) return;
    this.closedReason = reason;
    this.stream.off('data', this.onData);
    this.stream.off('close', this.onClose);
    this.stream.off('error', this.onError);
    for (const job of this.queue.splice(0))
      job.reject(new AtClosedError(this.options.port, job.command, reason, false));
    const current = this.current;
    if (current !== null)
      current.finish(new AtClosedError(this.options.port, current.command, reason, current.written));
    for (const handler of this.closeHandlers) handler(reason);
  }

  private enqueue(command: string, body: string | null, options: AtPromptOptions): Promise<AtResponse> {
    if (this.closedReason !== null)
      return Promise.reject(new AtClosedError(this.options.port, command, this.closedReason, false));
    return new Promise((resolve, reject) => {
      this.queue.push({ command, body, options, resolve, reject });
      void this.pump();
    });
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (let job = this.queue.shift(); job !== undefined; job = this.queue.shift()) {
        try {
          if (this.needsResync) await this.resync(job.command);
        } catch (error) {
          job.reject(
            error instanceof AtTimeoutError
              ? new AtTimeoutError(this.options.port, job.command, 'resync', error.timeoutMs, false)
              : (error as Error),
          );
          continue;
        }
        try {
          job.resolve(await this.execute(job.command, job.body, job.options));
        } catch (error) {
          if (error instanceof AtTimeoutError) this.needsResync = true;
          job.reject(error as Error);
        }
      }
    } finally {
      this.running = false;
    }
  }

  private execute(command: string, body: string | null, options: AtPromptOptions): Promise<AtResponse> {
    if (this.closedReason !== null)
      return Promise.reject(new AtClosedError(this.options.port, command, this.closedReason, false));
    return new Promise((resolve, reject) => {
      const execution: Execution = {
        command,
        body,
        prefix: options.prefix ?? null,
        lines: [],
        responseTimeoutMs: options.timeoutMs ?? this.options.timeoutMs,
        phase: body === null ? 'response' : 'prompt',
        written: false,
        timer: null,
        finish: (result) => {
          if (execution.timer !== null) clearTimeout(execution.timer);
          if (this.current === execution) this.current = null;
          if (result instanceof Error) reject(result);
          else if (result.ok) resolve({ lines: execution.lines });
          else reject(new AtCommandError(this.options.port, command, result));
        },
      };
      this.current = execution;
      this.arm(
        execution,
        body === null ? execution.responseTimeoutMs : (options.promptTimeoutMs ?? this.options.promptTimeoutMs),
      );
      this.write(`${command}\r`);
      // Without a prompt the command is complete once written; with one, only the PDU counts.
      execution.written = body === null;
    });
  }

  private arm(execution: Execution, timeoutMs: number): void {
    if (execution.timer !== null) clearTimeout(execution.timer);
    execution.timer = setTimeout(() => {
      if (execution.phase === 'prompt') this.write(ESC); // leave PDU entry if the prompt came too late
      execution.finish(
        new AtTimeoutError(this.options.port, execution.command, execution.phase, timeoutMs, execution.written),
      );
    }, timeoutMs);
  }

  private prompt(): void {
    const execution = this.current;
    if (execution === null || execution.phase !== 'prompt' || execution.body === null) {
      this.options.log?.debug({ port: this.options.port }, 'modem prompted when nothing waited for a prompt');
      return;
    }
    execution.phase = 'response';
    this.write(`${execution.body}${CTRL_Z}`);
    execution.written = true;
    this.arm(execution, execution.responseTimeoutMs);
  }

  private line(line: string): void {
    if (this.pduHeader !== null) {
      const header = this.pduHeader;
      this.pduHeader = null;
      this.emit(parseUnsolicited(header, line));
      return;
    }
    const execution = this.current;
    if (execution !== null && isEcho(line, execution)) return;
    const final = finalResult(line);
    if (final !== null) {
      if (execution === null)
        this.options.log?.debug(
          { port: this.options.port, line },
          'final result with no command running (a late answer); dropped',
        );
      else execution.finish(final);
      return;
    }
    if (isUnsolicited(line, execution?.prefix ?? null)) {
      if (takesPduLine(line)) this.pduHeader = line;
      else this.emit(parseUnsolicited(line));
      return;
    }
    if (execution !== null) execution.lines.push(line);
    else this.emit({ kind: 'other', line });
  }

  private emit(code: Unsolicited): void {
    for (const handler of this.handlers) {
      try {
        handler(code);
      } catch (error) {
        this.options.log?.error({ port: this.options.port, err: error, code }, 'unsolicited code handler failed');
      }
    }
  }

  private write(text: string): void {
    if (this.closedReason === null) this.stream.write(text, 'latin1');
  }

  /**
   * Sends AT until it is answered, then waits for `quietMs` of silence so a late answer to an
   * abandoned command cannot be taken for the next one's.
   */
  private async resync(before: string): Promise<void> {
    this.options.log?.debug({ port: this.options.port, before }, 'resynchronising with the modem');
    this.splitter.reset();
    this.pduHeader = null;
    await this.execute('AT', null, {});
    for (;;) {
      const silentFor = Date.now() - this.lastInputAt;
      if (silentFor >= this.options.quietMs) break;
      await new Promise((resolve) => setTimeout(resolve, this.options.quietMs - silentFor));
    }
    this.needsResync = false;
  }
}

/** With echo on the modem repeats the command line, and the PDU, before answering. */
function isEcho(line: string, execution: Execution): boolean {
  if (line === execution.command || line.toUpperCase() === execution.command.toUpperCase()) return true;
  if (execution.body === null) return false;
  return (line.endsWith(CTRL_Z) ? line.slice(0, -1) : line) === execution.body;
}
