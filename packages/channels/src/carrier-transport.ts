import {
  type InboundSms,
  Link,
  type OutboundSegment,
  type Pdu,
  ResponseTimeoutError,
  type Session,
  SessionClosedError,
  SessionServer,
  type StatusReport,
  WindowFullError,
} from '@smshub/protocols';
import { type CarrierChannelConfig, type ProtocolSetup, protocolSetup } from './carrier-protocols.js';
import { ChannelFlow, ChannelUnavailableError, WaitedTooLongError } from './flow.js';
import type { ChannelTransport, SubmitOptions, TransportEvent, TransportOutcome, TransportState } from './transport.js';

type ReportHandler = (report: StatusReport, settle: (stored: boolean) => void) => void;
type MoHandler = (sms: InboundSms, settle: (stored: boolean) => void) => void;

/**
 * A carrier channel over the network: `maxBinds` links to the gateway (each reconnecting with
 * back-off), one flow control across them (TPS, throttling back-off, least-loaded bind), and for
 * SGIP the server the gateway connects back to with reports and MO.
 */
export class CarrierTransport implements ChannelTransport {
  readonly setup: ProtocolSetup;
  private readonly flow: ChannelFlow<Pdu>;
  private readonly links: Link<Pdu, unknown>[] = [];
  private receiver: SessionServer<Pdu> | null = null;
  private reportHandler: ReportHandler | null = null;
  private moHandler: MoHandler | null = null;
  private eventHandler: (event: TransportEvent) => void = () => undefined;
  private recoverTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly config: CarrierChannelConfig,
    private readonly acquireTimeoutMs = 5_000,
  ) {
    this.setup = protocolSetup(config);
    this.flow = new ChannelFlow(config.tps, Date.now, acquireTimeoutMs);
  }

  get capabilities() {
    return { encodings: this.setup.encodings, numbers: this.setup.numbers };
  }

  async start(): Promise<void> {
    const { setup, config } = this;
    if (setup.receiver !== undefined) {
      const receiver = setup.receiver;
      this.receiver = new SessionServer<Pdu>({
        protocol: setup.dialect.protocol,
        acceptor: receiver.acceptor,
        name: `${config.name}-receiver`,
        session: setup.session,
        lookup: (info) =>
          info.account === receiver.loginName ? { account: receiver.loginName, secret: receiver.password } : null,
        admit: () => ({ handler: (request) => this.onInbound(request) }),
      });
      this.receiver.on('refused', (info) =>
        this.emit('warn', 'bind-failed', `receiver refused a login as "${info.account}"`),
      );
      await this.receiver.listen(receiver.port, receiver.host);
    }
    for (let i = 0; i < Math.max(1, config.maxBinds); i++) {
      const link = new Link<Pdu, unknown>({
        protocol: setup.dialect.protocol,
        binder: setup.binder,
        credentials: setup.credentials,
        host: config.host,
        port: config.port,
        name: config.name,
        session: setup.session,
        handler: (request) => this.onInbound(request),
      });
      link.on('up', (session) => {
        this.flow.addSession(session);
        this.emit('info', 'bound', `${session.id} bound`);
      });
      link.on('down', (reason) => this.emit('warn', 'unbound', `bind lost: ${reason?.message ?? 'closed'}`));
      link.on('failed', (error, retryInMs) =>
        this.emit(
          'error',
          'bind-failed',
          `${error.message}${retryInMs === null ? '' : `; retrying in ${retryInMs} ms`}`,
        ),
      );
      link.on('warning', (error) => this.emit('warn', 'warning', error.message));
      this.links.push(link);
      link.start();
    }
    this.recoverTimer = setInterval(() => this.flow.recover(), 1_000);
    this.recoverTimer.unref();
  }

  async stop(): Promise<void> {
    if (this.recoverTimer !== null) clearInterval(this.recoverTimer);
    this.flow.failAll(new ChannelUnavailableError('channel stopping'));
    await Promise.all(this.links.map((link) => link.stop()));
    this.links.length = 0;
    await this.receiver?.close();
    this.receiver = null;
  }

  async submit(segment: OutboundSegment, options: SubmitOptions = {}): Promise<TransportOutcome> {
    let session: Session<Pdu>;
    try {
      session = await this.flow.acquire({
        priority: options.priority ?? segment.priority,
        ...(options.notAfter === undefined ? {} : { notAfter: options.notAfter }),
      });
    } catch (error) {
      if (error instanceof WaitedTooLongError) return { ok: false, kind: 'waited', reason: error.message };
      return { ok: false, kind: 'unavailable', reason: (error as Error).message };
    }
    // The window slot goes to the next submit only after the answer was handed on (finally).
    try {
      const outcome = await this.submitOn(session, segment);
      if (outcome.ok) options.onAcknowledged?.(outcome.carrierMessageId);
      return outcome;
    } finally {
      this.flow.release(session);
    }
  }

  private async submitOn(session: Session<Pdu>, segment: OutboundSegment): Promise<TransportOutcome> {
    const { dialect } = this.setup;
    let request: Pdu;
    try {
      request = dialect.submit(segment);
    } catch (error) {
      // The segment cannot be put on this gateway's wire (bad sender, encoding …): not worth a retry here.
      return { ok: false, kind: 'permanent', status: -1, reason: (error as Error).message };
    }
    try {
      const outcome = dialect.submitOutcome(request, await session.request(request));
      if (!outcome.ok && outcome.kind === 'throttled') {
        this.flow.throttled();
        this.emit('warn', 'throttled', `gateway throttled (status ${outcome.status}); now ${this.flow.allowedTps}/s`);
      }
      return outcome;
    } catch (error) {
      if (error instanceof ResponseTimeoutError) return { ok: false, kind: 'in-doubt', reason: error.message };
      if (error instanceof SessionClosedError) {
        return error.written
          ? { ok: false, kind: 'in-doubt', reason: error.message }
          : { ok: false, kind: 'unavailable', reason: error.message };
      }
      if (error instanceof WindowFullError) return { ok: false, kind: 'unavailable', reason: error.message };
      return { ok: false, kind: 'transient', status: -1, reason: (error as Error).message };
    }
  }

  state(): TransportState {
    const { inFlight, size } = this.flow.window();
    return {
      up: this.flow.bound > 0,
      binds: this.flow.bound,
      inFlight,
      window: size,
      allowedTps: this.flow.allowedTps,
      waiting: this.flow.waiting,
      oldestInFlightMs: this.flow.oldestInFlightMs(),
    };
  }

  resetLinks(reason: string): void {
    this.emit('warn', 'unbound', `dropping binds: ${reason}`);
    // Submits waiting for a slot go elsewhere now rather than onto the fresh links.
    this.flow.failAll(new ChannelUnavailableError(reason));
    this.flow.dropSessions(reason);
  }

  refuseWaiting(reason: string): void {
    this.flow.failAll(new ChannelUnavailableError(reason));
  }

  onReport(handler: ReportHandler): void {
    this.reportHandler = handler;
  }

  onMo(handler: MoHandler): void {
    this.moHandler = handler;
  }

  onEvent(handler: (event: TransportEvent) => void): void {
    this.eventHandler = handler;
  }

  private onInbound(request: Pdu): Promise<Pdu> | Pdu {
    const { dialect } = this.setup;
    const event = dialect.inbound(request);
    if (event.kind === 'other') return dialect.inboundReply(request, true);
    return new Promise<Pdu>((resolve) => {
      const settle = (stored: boolean) => resolve(dialect.inboundReply(request, stored));
      if (event.kind === 'report') {
        if (this.reportHandler === null) settle(false);
        else this.reportHandler(event.report, settle);
      } else if (this.moHandler === null) {
        settle(false);
      } else {
        this.moHandler(event.sms, settle);
      }
    });
  }

  private emit(level: TransportEvent['level'], kind: TransportEvent['kind'], message: string): void {
    this.eventHandler({ level, kind, message: `${this.config.name}: ${message}` });
  }
}
