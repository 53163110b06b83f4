/**
 * Cuts the byte stream from a modem into lines at CR LF (TS 27.007 §4.1, verbose responses).
 * The "> " prompt of AT+CMGS ends no line: at the start of a line it is reported on its own,
 * whether the chunk ends there or more output follows it in the same read (an unsolicited code
 * the module did not hold back, the echo of the PDU). Echoed commands end with a bare CR before
 * the next CR LF; it is stripped. No regular expression runs per byte: one indexOf per line.
 */
export interface LineSink {
  line(text: string): void;
  prompt(): void;
  /** Bytes dropped because no line end came within the limit (noise on the line). */
  overflow(dropped: number): void;
}

const MAX_LINE = 4_096;
const PROMPT = '> ';

export class LineSplitter {
  private pending = '';
  /** A bare '>' ended the last chunk and was taken for the prompt: its space may come next. */
  private promptSpaceDue = false;

  constructor(private readonly sink: LineSink) {}

  push(chunk: Buffer): void {
    this.pending += chunk.toString('latin1');
    let start = 0;
    if (this.promptSpaceDue && this.pending.length > 0) {
      this.promptSpaceDue = false;
      if (this.pending[0] === ' ') start = 1;
    }
    for (;;) {
      if (this.pending.startsWith(PROMPT, start)) {
        this.sink.prompt();
        start += PROMPT.length;
        continue;
      }
      const end = this.pending.indexOf('\r\n', start);
      if (end < 0) break;
      let line = this.pending.slice(start, end);
      while (line.endsWith('\r')) line = line.slice(0, -1);
      // An echo with echo on reads "AT…\r\r\n"; a line may also start with a stray CR.
      while (line.startsWith('\r')) line = line.slice(1);
      if (line !== '') this.sink.line(line);
      start = end + 2;
    }
    this.pending = this.pending.slice(start);
    if (this.pending === '>') {
      this.pending = '';
      this.promptSpaceDue = true;
      this.sink.prompt();
    } else if (this.pending.length > MAX_LINE) {
      this.sink.overflow(this.pending.length);
      this.pending = '';
    }
  }

  reset(): void {
    this.pending = '';
    this.promptSpaceDue = false;
  }
}
