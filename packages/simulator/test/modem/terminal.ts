import { Duplex, PassThrough } from 'node:stream';

/**
 * The TE side of an in-memory serial line: what a test types to a simulated modem and what it
 * reads back. `modemSide` is the Duplex the simulator attaches to.
 */
export class Terminal {
  readonly modemSide: Duplex;
  /** Everything the modem sent since the last `take`. */
  output = '';
  private readonly toModem = new PassThrough();
  private readonly fromModem = new PassThrough();
  private waiters: Array<() => void> = [];

  constructor() {
    this.modemSide = Duplex.from({ readable: this.toModem, writable: this.fromModem });
    this.fromModem.on('data', (chunk: Buffer) => {
      this.output += chunk.toString('latin1');
      for (const wake of this.waiters) wake();
    });
  }

  send(text: string): void {
    this.toModem.write(Buffer.from(text, 'latin1'));
  }

  /** Bytes sent that the modem has not read yet: 0 once its data handler has seen all of them. */
  get unread(): number {
    return this.toModem.writableLength + this.toModem.readableLength + this.modemSide.readableLength;
  }

  /** Sends a command line (CR-terminated) and returns the output up to and including `until`. */
  async command(line: string, until = '\r\nOK\r\n'): Promise<string> {
    this.send(`${line}\r`);
    return this.take(until);
  }

  /**
   * Waits until the output contains `text`, then returns and removes the output up to its end.
   * Woken by the stream, not polled, so it takes the output the moment it arrives (and works
   * under fake timers); the limit only bounds a hang, as the shared test limits do.
   */
  take(text: string, timeoutMs = 30_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const at = this.output.indexOf(text);
        if (at < 0) return false;
        const taken = this.output.slice(0, at + text.length);
        this.output = this.output.slice(at + text.length);
        resolve(taken);
        return true;
      };
      if (check()) return;
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== wake);
        reject(
          new Error(
            `no ${JSON.stringify(text)} from the modem within ${timeoutMs} ms; got ${JSON.stringify(this.output)}`,
          ),
        );
      }, timeoutMs);
      const wake = (): void => {
        if (!check()) return;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((waiter) => waiter !== wake);
      };
      this.waiters.push(wake);
    });
  }
}
