/**
 * Cuts the byte stream from a modem into lines at CR LF (TS 27.007 §4.1, verbose responses).
 * The "> " prompt of AT+CMGS ends no line, so a remainder that is exactly the prompt is reported
 * on its own. Echoed commands end with a bare CR before the next CR LF; it is stripped. No
 * regular expression runs per byte: one indexOf per chunk and line.
 */
export interface LineSink {
  line(text: string): void;
  prompt(): void;
  /** Bytes dropped because no line end came within the limit (noise on the line). */
  overflow(dropped: number): void;
}

const MAX_LINE = 4_096;

export class LineSplitter {
  private pending = '';

  constructor(private readonly sink: LineSink) {}

  push(chunk: Buffer): void {
    this.pending += chunk.toString('latin1');
    let start = 0;
    let end = this.pending.indexOf('\r\n', start);
    while (end >= 0) {
      let line = this.pending.slice(start, end);
      while (line.endsWith('\r')) line = line.slice(0, -1);
      // An echo with echo on reads "AT…\r\r\n"; a line may also start with a stray CR.
      while (line.startsWith('\r')) line = line.slice(1);
      if (line !== '') this.sink.line(line);
      start = end + 2;
      end = this.pending.indexOf('\r\n', start);
    }
    this.pending = this.pending.slice(start);
    if (this.pending === '> ' || this.pending === '>') {
      this.pending = '';
      this.sink.prompt();
    } else if (this.pending.length > MAX_LINE) {
      this.sink.overflow(this.pending.length);
      this.pending = '';
    }
  }

  reset(): void {
    this.pending = '';
  }
}
