import type { TransportOutcome } from '@smshub/channels';
import { TokenBucket, type InboundSms, type OutboundSegment, type StatusReport } from '@smshub/protocols';
import { decodeScToMsPdu, parsePduHex, pduHex, TpduError, type ScToMsMessage } from '@smshub/sms';
import type { Logger } from 'pino';
import { AtChannel } from './at/at-channel.js';
import { AtClosedError } from './at/at-errors.js';
import type { Unsolicited } from './at/unsolicited.js';
import { inboundSmsOf, statusReportOf } from './inbound.js';
import {
  describeRegistration,
  initialiseModem,
  isRegistered,
  readRegistration,
  readSignal,
  type InitSettings,
} from './init-sequence.js';
import { modemMessageId } from './message-id.js';
import { ReportMatcher } from './report-matcher.js';
import { closeSerialPort, type OpenPort, type SerialStream } from './serial-port.js';
import { deleteStored, listStored, readStored } from './stored-messages.js';
import { isSimFailure, submitFailure, type SubmitFailure } from './submit-outcome.js';
import { submitPdu, type NumberForm } from './submit-pdu.js';

/**
 * One GSM modem on one serial port: initialises it, watches its health (signal, registration,
 * answers), sends segments with AT+CMGS at its own rate, and turns +CDS / +CDSI into status
 * reports and +CMTI / +CMT into MO. A stored MO is deleted from the SIM, and a shown one
 * acknowledged with AT+CNMA, only once the pipeline says it has stored it.
 */

export type ModemState = 'closed' | 'initialising' | 'ready' | 'failed';
export type Settle = (stored: boolean) => void;

export interface ModemTimeouts {
  readonly commandMs: number;
  readonly promptMs: number;
  /** AT+CMGS after the PDU: the module waits for the network's answer. */
  readonly submitMs: number;
  /** Silence that ends resynchronising after a timeout. */
  readonly quietMs: number;
}

export interface ModemOptions {
  /** Goes into carrier message ids: letters, digits, '.', '_' and '-'. */
  readonly id: string;
  readonly path: string;
  readonly baudRate: number;
  /** Submits per second this modem may make. */
  readonly tps: number;
  /** Submits that may wait for this modem at once. */
  readonly window: number;
  /** The SIM's number, as `to` of its MO; '' when unknown. */
  readonly ownNumber: string;
  readonly init: InitSettings;
  readonly numbers: NumberForm;
  readonly defaultValidityMinutes: number | null;
  readonly timeouts: ModemTimeouts;
  readonly healthIntervalMs: number;
  /** Timeouts / errors in a row after which the modem leaves the pool. */
  readonly maxConsecutiveFailures: number;
  /** When a stored MO could not be stored by the pipeline, it is offered again after this. */
  readonly retryStoredMs: number;
}

export interface ModemEvents {
  state(modem: Modem, state: ModemState, reason: string): void;
  report(report: StatusReport, settle: Settle): void;
  mo(sms: InboundSms, settle: Settle): void;
  warning(modem: Modem, message: string): void;
}

export class Modem {
  state: ModemState = 'closed';
  /** Last +CSQ <rssi> (99 unknown), last +CREG <stat>. */
  signal = 99;
  registration = -1;
  /** 1 when +CMT / +CDS must be acknowledged with AT+CNMA. */
  smsService: 0 | 1 = 0;

  private port: SerialStream | null = null;
  private channel: AtChannel | null = null;
  /** Failures in a row: of submits (reset by a sent one), of the link (reset by any answer). */
  private sendFailures = 0;
  private linkFailures = 0;
  private queued = 0;
  private lock: Promise<void> = Promise.resolve();
  private healthTimer: NodeJS.Timeout | null = null;
  private checking = false;
  private stopping = false;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** SIM slots whose message was handed to the pipeline and awaits its settle. */
  private readonly offered = new Set<number>();
  private readonly bucket: TokenBucket;
  private readonly matcher: ReportMatcher;
  private readonly idleWaiters: Array<() => void> = [];

  constructor(
    readonly options: ModemOptions,
    private readonly openPort: OpenPort,
    private readonly events: ModemEvents,
    /** Already carries the modem's id (the pool's child logger), so lines here do not repeat it. */
    private readonly log: Logger,
  ) {
    this.bucket = new TokenBucket(options.tps, Math.max(1, Math.ceil(options.tps)));
    this.matcher = new ReportMatcher(options.id);
  }

  get id(): string {
    return this.options.id;
  }

  get path(): string {
    return this.options.path;
  }

  /** Submits accepted and not finished. */
  get load(): number {
    return this.queued;
  }

  get canTake(): boolean {
    return this.state === 'ready' && this.queued < this.options.window;
  }

  /** Milliseconds until the rate limit allows the next submit. */
  get tokenWaitMs(): number {
    return this.bucket.waitMs();
  }

  /** Opens the port and initialises; a modem that fails is left 'failed' and the error thrown. */
  async start(): Promise<void> {
    this.stopping = false;
    this.setState('initialising', this.channel === null ? 'opening the port' : 'initialising again');
    try {
      const channel = await this.connect();
      const facts = await initialiseModem(channel, this.path, this.options.init, this.log);
      if (this.stopping) return; // stopped while initialising
      this.signal = facts.signal;
      this.registration = facts.registration;
      this.smsService = facts.smsService;
      this.sendFailures = 0;
      this.linkFailures = 0;
      this.setState('ready', `registered (${describeRegistration(facts.registration)}), signal ${facts.signal}`);
      this.startHealthChecks();
      void this.sweepStored();
    } catch (error) {
      this.fail(`initialisation failed: ${(error as Error).message}`);
      throw error;
    }
  }

  /** Closes the port; waiting submits end 'unavailable', one in flight 'in-doubt'. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.stopHealthChecks();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.setState('closed', 'stopped');
    this.channel?.close('modem stopped');
    this.channel = null;
    const port = this.port;
    this.port = null;
    if (port !== null) await closeSerialPort(port);
  }

  /** Resolves once no submit waits for or runs on this modem. */
  idle(): Promise<void> {
    if (this.queued === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  async submit(segment: OutboundSegment): Promise<TransportOutcome> {
    if (!this.canTake)
      return {
        ok: false,
        kind: 'unavailable',
        reason: `modem ${this.id} is ${this.state === 'ready' ? 'busy' : this.state}`,
      };
    this.queued++;
    try {
      return await this.exclusive(() => this.send(segment));
    } finally {
      this.queued--;
      if (this.queued === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }

  // ---- sending -----------------------------------------------------------------------------

  private exclusive<T>(run: () => Promise<T>): Promise<T> {
    const result = this.lock.then(run);
    this.lock = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  private async send(segment: OutboundSegment): Promise<TransportOutcome> {
    let message;
    try {
      message = submitPdu(segment, {
        numbers: this.options.numbers,
        defaultValidityMinutes: this.options.defaultValidityMinutes,
        now: new Date(),
      });
    } catch (error) {
      return submitFailure(error).outcome;
    }
    if (message === null) {
      return {
        ok: false,
        kind: 'unavailable',
        reason: `a GSM modem sends gsm7, ucs2 or binary, not ${segment.encoding}`,
      };
    }
    await this.waitForToken();
    const channel = this.channel;
    if (this.state !== 'ready' || channel === null)
      return { ok: false, kind: 'unavailable', reason: `modem ${this.id} is ${this.state}` };
    try {
      const { lines } = await channel.runWithPrompt(`AT+CMGS=${message.tpduLength}`, pduHex(message.pdu), {
        prefix: '+CMGS:',
        timeoutMs: this.options.timeouts.submitMs,
        promptTimeoutMs: this.options.timeouts.promptMs,
      });
      this.sendFailures = 0;
      this.linkFailures = 0;
      const answer = lines.find((line) => line.startsWith('+CMGS:'));
      // +CMGS: <mr>[,<scts>]
      const reference = Number(answer?.slice(6).split(',')[0]?.trim());
      if (!Number.isInteger(reference) || reference < 0 || reference > 255) {
        this.warn(
          `accepted a submit without a usable +CMGS reference (${answer ?? 'none'}); its report cannot be matched`,
        );
        return { ok: true, carrierMessageId: modemMessageId(this.id, -1, segment.to) };
      }
      return { ok: true, carrierMessageId: this.matcher.remember(reference, segment.to) };
    } catch (error) {
      const failure = submitFailure(error);
      this.strike(error, failure.modemFault, 'submit');
      return failure.outcome;
    }
  }

  private async waitForToken(): Promise<void> {
    while (!this.bucket.tryTake()) {
      if (this.state !== 'ready') return;
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.min(this.bucket.waitMs(), 1_000))));
    }
  }

  // ---- health ------------------------------------------------------------------------------

  private startHealthChecks(): void {
    this.stopHealthChecks();
    this.healthTimer = setInterval(() => void this.checkHealth(), this.options.healthIntervalMs);
    this.healthTimer.unref();
  }

  private stopHealthChecks(): void {
    if (this.healthTimer !== null) clearInterval(this.healthTimer);
    this.healthTimer = null;
  }

  private async checkHealth(): Promise<void> {
    const channel = this.channel;
    if (this.state !== 'ready' || this.checking || channel === null) return;
    this.checking = true;
    try {
      this.signal = await readSignal(channel);
      this.registration = await readRegistration(channel);
      this.linkFailures = 0;
      if (!isRegistered(this.registration))
        this.fail(`lost network registration: ${describeRegistration(this.registration)}`);
    } catch (error) {
      this.strike(error, 'count', 'health check');
    } finally {
      this.checking = false;
    }
  }

  /**
   * One more strike against the modem; enough in a row, or a fatal one, take it out of service.
   * Submits and the link count apart, so a modem that answers health checks but cannot send
   * still leaves the pool.
   */
  private strike(error: unknown, fault: SubmitFailure['modemFault'], during: 'submit' | 'health check'): void {
    const message = error instanceof Error ? error.message : String(error);
    if (fault === 'none') {
      // The modem answered properly; the message was at fault.
      this.sendFailures = 0;
      this.linkFailures = 0;
      return;
    }
    if (fault === 'fatal' || isSimFailure(error) || error instanceof AtClosedError) {
      this.fail(`${during}: ${message}`);
      return;
    }
    const failures = during === 'submit' ? ++this.sendFailures : ++this.linkFailures;
    this.log.warn({ failures, err: error }, `modem ${during} failed`);
    if (failures >= this.options.maxConsecutiveFailures)
      this.fail(`${failures} ${during} failures in a row, the last: ${message}`);
  }

  private fail(reason: string): void {
    if (this.stopping) return;
    this.stopHealthChecks();
    this.setState('failed', reason);
  }

  private setState(state: ModemState, reason: string): void {
    if (this.state === state) return;
    this.state = state;
    this.log.info({ port: this.path, state, reason }, `modem ${state}`);
    this.events.state(this, state, reason);
  }

  private warn(message: string): void {
    this.log.warn({ port: this.path }, message);
    this.events.warning(this, message);
  }

  // ---- serial port -------------------------------------------------------------------------

  private async connect(): Promise<AtChannel> {
    if (this.channel !== null && !this.channel.closed && this.port?.isOpen === true) return this.channel;
    this.channel?.close('reconnecting');
    if (this.port !== null) await closeSerialPort(this.port);
    const port = await this.openPort(this.path, this.options.baudRate);
    // The AT channel reports port errors while it listens. One that comes after it has let go —
    // a write failing with EBADF as the port closes — must not become an uncaught exception
    // that takes the whole worker down.
    port.on('error', (error: Error) => this.log.debug({ port: this.path, err: error }, 'serial port error'));
    this.port = port;
    const channel = new AtChannel(this.port, {
      port: this.path,
      timeoutMs: this.options.timeouts.commandMs,
      promptTimeoutMs: this.options.timeouts.promptMs,
      quietMs: this.options.timeouts.quietMs,
      log: this.log,
    });
    channel.onUnsolicited((code) => this.unsolicited(code));
    channel.onClosed((reason) => {
      if (this.channel === channel && !this.stopping) this.fail(`serial line lost: ${reason}`);
    });
    this.channel = channel;
    return channel;
  }

  // ---- reports and MO ----------------------------------------------------------------------

  private unsolicited(code: Unsolicited): void {
    switch (code.kind) {
      case 'status-report':
      case 'message':
        this.shown(code.pdu, code.kind === 'message' ? '+CMT' : '+CDS');
        return;
      case 'message-stored':
      case 'status-report-stored':
        void this.fetchStored(code.index);
        return;
      case 'registration':
        this.registration = code.stat;
        if (!isRegistered(code.stat) && this.state === 'ready')
          this.fail(`lost network registration: ${describeRegistration(code.stat)}`);
        return;
      case 'other':
        this.log.debug({ line: code.line }, 'unsolicited result code');
    }
  }

  /** +CMT / +CDS: under AT+CSMS=1 acknowledged (or refused, so the network resends) on settle. */
  private shown(text: string, what: string): void {
    const acknowledge = (stored: boolean): void => {
      if (this.smsService !== 1 || this.channel === null) return;
      this.channel
        .run(stored ? 'AT+CNMA' : 'AT+CNMA=2')
        .catch((error: unknown) => this.warn(`${what} acknowledgement failed: ${(error as Error).message}`));
    };
    const message = this.decode(text, what);
    if (message === null) {
      // Refusing would make the network offer the same bytes forever; it is logged instead.
      acknowledge(true);
      return;
    }
    this.offer(message, once(acknowledge));
  }

  /** +CMTI / +CDSI: read the slot, offer it, delete it once stored. */
  private async fetchStored(index: number): Promise<void> {
    const channel = this.channel;
    if (channel === null || this.offered.has(index)) return;
    try {
      const stored = await readStored(channel, index);
      if (stored === null) {
        this.warn(`SIM slot ${index} was announced but reads empty`);
        return;
      }
      this.offerStored(index, stored.pdu);
    } catch (error) {
      this.warn(`cannot read SIM slot ${index}: ${(error as Error).message}`);
    }
  }

  /** After (re)initialising: whatever waits on the SIM (arrived while no one listened). */
  private async sweepStored(): Promise<void> {
    const channel = this.channel;
    if (channel === null) return;
    try {
      for (const stored of await listStored(channel)) this.offerStored(stored.index, stored.pdu);
    } catch (error) {
      this.warn(`cannot list the SIM's messages: ${(error as Error).message}`);
    }
  }

  private offerStored(index: number, text: string): void {
    // A +CMTI can race the sweep after initialising: both read the same slot.
    if (this.offered.has(index)) return;
    const message = this.decode(text, `SIM slot ${index}`);
    if (message === null) return; // left on the SIM for a person to look at; warned
    this.offered.add(index);
    this.offer(
      message,
      once((stored) => {
        if (!stored) {
          // Not stored: offer it again later; it stays on the SIM meanwhile.
          const timer = setTimeout(() => {
            this.timers.delete(timer);
            this.offered.delete(index);
            void this.fetchStored(index);
          }, this.options.retryStoredMs);
          timer.unref();
          this.timers.add(timer);
          return;
        }
        const channel = this.channel;
        if (channel === null) {
          this.offered.delete(index);
          return;
        }
        deleteStored(channel, index).then(
          () => this.offered.delete(index),
          (error: unknown) => {
            this.offered.delete(index);
            this.warn(`cannot delete SIM slot ${index}: ${(error as Error).message}`);
          },
        );
      }),
    );
  }

  private offer(message: ScToMsMessage, settle: Settle): void {
    try {
      if (message.type === 'status-report') this.events.report(statusReportOf(message.report, this.matcher), settle);
      else this.events.mo(inboundSmsOf(message.deliver, this.options.ownNumber), settle);
    } catch (error) {
      this.log.error({ err: error }, 'report / MO handler failed');
      settle(false);
    }
  }

  private decode(text: string, what: string): ScToMsMessage | null {
    try {
      return decodeScToMsPdu(parsePduHex(text)).tpdu;
    } catch (error) {
      if (!(error instanceof TpduError)) throw error;
      this.warn(`cannot decode the PDU of ${what}: ${error.message}; PDU ${text}`);
      return null;
    }
  }
}

function once(settle: Settle): Settle {
  let done = false;
  return (stored) => {
    if (done) return;
    done = true;
    settle(stored);
  };
}
