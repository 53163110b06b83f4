import { SerialPortMock } from 'serialport';
import type { SerialStream } from '../src/serial-port.js';

/**
 * A serial port over @serialport/binding-mock with a test playing the modem: it sees what the
 * driver wrote and answers with `reply`, or lets `autoAnswer` answer each command line. The
 * binding is reached through serialport's SerialPortMock, whose typings resolve under NodeNext
 * (the binding package's own "exports" give an ESM import no types).
 */
type MockPortBinding = NonNullable<SerialPortMock['port']>;

export class MockLine {
  /** Everything the driver wrote since the last `take`. */
  written = '';
  private waiters: Array<() => void> = [];
  private answers: ((line: string) => string | null) | null = null;

  private constructor(
    readonly stream: SerialStream,
    readonly binding: MockPortBinding,
  ) {}

  static async open(path = `/dev/mock${Math.random().toString(36).slice(2, 8)}`): Promise<MockLine> {
    SerialPortMock.binding.createPort(path, { echo: false, record: false });
    const stream = new SerialPortMock({ path, baudRate: 115_200, autoOpen: false });
    await new Promise<void>((resolve, reject) => stream.open((error) => (error === null ? resolve() : reject(error))));
    const binding = stream.port as MockPortBinding;
    const line = new MockLine(stream, binding);
    const write = binding.write.bind(binding);
    binding.write = async (buffer: Buffer): Promise<void> => {
      await write(buffer);
      line.wrote(buffer.toString('latin1'));
    };
    return line;
  }

  /** Sends bytes to the driver as if the modem had. */
  reply(text: string): void {
    this.binding.emitData(Buffer.from(text, 'latin1'));
  }

  /** Bytes replied that the driver has not read yet: 0 once its data handler has seen all of them. */
  get unread(): number {
    return this.binding.port.data.length + this.stream.readableLength;
  }

  /** Answers every CR-terminated command line with what `answer` returns (null: stay silent). */
  autoAnswer(answer: (line: string) => string | null): void {
    this.answers = answer;
  }

  /**
   * Waits until the driver has written `text`; returns and removes what was written up to its end.
   * Woken by each write, not polled; the limit only bounds a hang, as the shared test limits do.
   */
  take(text: string, timeoutMs = 30_000): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const at = this.written.indexOf(text);
        if (at < 0) return false;
        const taken = this.written.slice(0, at + text.length);
        this.written = this.written.slice(at + text.length);
        resolve(taken);
        return true;
      };
      if (check()) return;
      const wake = (): void => {
        if (!check()) return;
        clearTimeout(timer);
        this.waiters = this.waiters.filter((waiter) => waiter !== wake);
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((waiter) => waiter !== wake);
        reject(
          new Error(
            `the driver did not write ${JSON.stringify(text)} within ${timeoutMs} ms; wrote ${JSON.stringify(this.written)}`,
          ),
        );
      }, timeoutMs);
      this.waiters.push(wake);
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.stream.isOpen ? this.stream.close(() => resolve()) : resolve()));
  }

  private wrote(text: string): void {
    this.written += text;
    if (this.answers !== null) {
      let end = this.written.indexOf('\r');
      while (end >= 0) {
        const command = this.written.slice(0, end);
        this.written = this.written.slice(end + 1);
        const answer = this.answers(command);
        if (answer !== null) this.reply(answer);
        end = this.written.indexOf('\r');
      }
    }
    for (const wake of this.waiters) wake();
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
