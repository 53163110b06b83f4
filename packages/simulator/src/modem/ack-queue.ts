/**
 * With AT+CSMS=1 every +CMT and +CDS must be acknowledged with AT+CNMA before the module shows
 * the next one (TS 27.005 §3.4.4). What is not acknowledged in time, or refused with
 * AT+CNMA=2, the network offers again later; this queue plays both parts.
 */
export interface AckQueueOptions {
  /** Writes an unsolicited result code to the TE. */
  readonly show: (urc: string) => void;
  readonly ackTimeoutMs: number;
  readonly redeliverDelayMs: number;
  readonly onAck: () => void;
  readonly onNack: () => void;
}

export class AckQueue {
  private readonly waiting: string[] = [];
  private shown: { urc: string; timer: NodeJS.Timeout } | null = null;
  private readonly retries = new Set<NodeJS.Timeout>();
  private paused = false;

  constructor(private readonly options: AckQueueOptions) {}

  get pending(): number {
    return this.waiting.length + (this.shown === null ? 0 : 1) + this.retries.size;
  }

  get awaitingAck(): boolean {
    return this.shown !== null;
  }

  push(urc: string): void {
    this.waiting.push(urc);
    this.pump();
  }

  /** AT+CNMA / AT+CNMA=0 / =1. False when nothing waited for one (+CMS ERROR: 340). */
  ack(): boolean {
    if (this.shown === null) return false;
    clearTimeout(this.shown.timer);
    this.shown = null;
    this.options.onAck();
    this.pump();
    return true;
  }

  /** AT+CNMA=2 (RP-ERROR): the network will try again. */
  nack(): boolean {
    if (this.shown === null) return false;
    clearTimeout(this.shown.timer);
    this.refused(this.shown.urc);
    return true;
  }

  /** While paused (module hung, rebooting) nothing is shown; what was shown is offered again. */
  pause(): void {
    this.paused = true;
    if (this.shown !== null) {
      clearTimeout(this.shown.timer);
      this.waiting.unshift(this.shown.urc);
      this.shown = null;
    }
  }

  resume(): void {
    this.paused = false;
    this.pump();
  }

  close(): void {
    if (this.shown !== null) clearTimeout(this.shown.timer);
    for (const timer of this.retries) clearTimeout(timer);
    this.retries.clear();
    this.waiting.length = 0;
    this.shown = null;
  }

  private refused(urc: string): void {
    this.shown = null;
    this.options.onNack();
    const timer = setTimeout(() => {
      this.retries.delete(timer);
      this.push(urc);
    }, this.options.redeliverDelayMs);
    this.retries.add(timer);
    this.pump();
  }

  private pump(): void {
    if (this.paused || this.shown !== null) return;
    const urc = this.waiting.shift();
    if (urc === undefined) return;
    const timer = setTimeout(() => this.refused(urc), this.options.ackTimeoutMs);
    this.shown = { urc, timer };
    this.options.show(urc);
  }
}
