import type {
  ChannelTransport,
  SubmitOptions,
  TransportCapabilities,
  TransportEvent,
  TransportOutcome,
  TransportState,
} from '@smshub/channels';
import type { InboundSms, OutboundSegment, StatusReport } from '@smshub/protocols';
import { pino, type Logger } from 'pino';
import {
  ModemConfigError,
  parseModemPoolConfig,
  parseModemPort,
  portId,
  type ModemPoolConfig,
  type ModemPortConfig,
  type ModemPortInput,
} from './config.js';
import { Modem, type ModemEvents, type ModemState, type Settle } from './modem.js';
import { type OpenPort, serialPortOpener } from './serial-port.js';

/**
 * The backup channel of last resort (DESIGN.md, channel scheduling step 3): a pool of GSM
 * modems that reaches every carrier. Each segment goes to the least loaded ready modem; a modem
 * that stops answering, loses its network or its SIM leaves the pool (an event says so), is
 * retried with back-off and rejoins once it initialises again. Modems can be added and removed
 * while it runs, one by one or by reloading the configuration.
 *
 * Carrier message ids are `<modem id>:<TP-MR>:<recipient digits>` (see message-id.ts): the
 * status report of a segment comes back through the modem that sent it and names both.
 */

export interface ModemPoolOptions {
  /** How serial ports are opened (default: the serialport package); tests use a mock binding. */
  readonly openPort?: OpenPort;
  readonly log?: Logger;
}

/** One modem as the console shows it. */
export interface ModemSummary {
  readonly id: string;
  readonly path: string;
  readonly state: ModemState;
  readonly signal: number;
  readonly registration: number;
  readonly load: number;
}

/** A segment waiting for room on a modem. */
interface Waiter {
  readonly priority: number;
  /** Arrival order, among waiters of one priority. */
  readonly seq: number;
  /** Modems that refused this segment as 'unavailable': it does not go to them again. */
  readonly tried: ReadonlySet<Modem>;
  /** Given a modem with room; the submit starts on it at once, so the room is taken. */
  readonly take: (modem: Modem) => void;
  readonly end: (why: 'no-modem' | 'stopped' | 'refused' | 'waited') => void;
}

interface Member {
  readonly modem: Modem;
  readonly config: ModemPortConfig;
  recovery: NodeJS.Timeout | null;
  backoffMs: number;
  /** When the modem last became ready (0: not since it last failed): its failure is then a removal. */
  joinedAt: number;
}

export class ModemPool implements ChannelTransport {
  private config: ModemPoolConfig;
  private readonly members = new Map<string, Member>();
  private readonly lastPicked = new Map<Modem, number>();
  private picks = 0;
  private running = false;
  /**
   * Segments waiting for room on a modem, highest priority first, then oldest; served whenever a
   * submit ends or a modem changes state.
   */
  private readonly waiters: Waiter[] = [];
  private arrivals = 0;
  private readonly reportHandlers: Array<(report: StatusReport, settle: Settle) => void> = [];
  private readonly moHandlers: Array<(sms: InboundSms, settle: Settle) => void> = [];
  private readonly eventHandlers: Array<(event: TransportEvent) => void> = [];
  private readonly openPort: OpenPort;
  private readonly log: Logger;

  constructor(config: ModemPoolConfig | unknown, options: ModemPoolOptions = {}) {
    this.config = parseModemPoolConfig(config);
    // A configured path is opened only once it is a serial device (never a stale regular file
    // where the device's link is still to be made); the wait follows the current configuration.
    this.openPort =
      options.openPort ?? serialPortOpener(() => ({ waitMs: this.config.timeouts.deviceMs, log: this.log }));
    this.log = options.log ?? pino({ name: 'modem-pool', level: 'silent' });
  }

  /** GSM carries GSM 7-bit and UCS2 text; numbers as the configuration says. */
  get capabilities(): TransportCapabilities {
    return { encodings: ['gsm7', 'ucs2'], numbers: this.config.numbers };
  }

  async start(): Promise<void> {
    this.running = true;
    await Promise.all(this.config.ports.map((port) => this.addModem(port)));
  }

  async stop(): Promise<void> {
    this.running = false;
    for (const waiter of this.waiters.splice(0)) waiter.end('stopped');
    const members = [...this.members.values()];
    for (const member of members) this.cancelRecovery(member);
    await withTimeout(Promise.all(members.map((member) => member.modem.idle())), this.config.stopTimeoutMs);
    await Promise.all(members.map((member) => member.modem.stop()));
  }

  /** Ends the wait of the segments waiting for room ('unavailable', never sent); the modems carry on. */
  refuseWaiting(): void {
    for (const waiter of this.waiters.splice(0)) waiter.end('refused');
  }

  /**
   * Sends through the least loaded ready modem. When every ready modem has its window full the
   * segment waits for room, higher priorities first, as a carrier bind's submit waits for its
   * window: under load that is normal, and refusing would only send the message round the
   * dispatcher and back. It gives up with 'waited' at `notAfter` (the message may go elsewhere),
   * and with 'unavailable' once no modem it has not tried is ready, or the pool stops.
   */
  async submit(segment: OutboundSegment, options: SubmitOptions = {}): Promise<TransportOutcome> {
    const tried = new Set<Modem>();
    let last: TransportOutcome | null = null;
    for (;;) {
      const turn = await this.waitForRoom(tried, options.priority ?? segment.priority, options.notAfter, segment);
      if ('end' in turn) {
        if (turn.end === 'waited')
          return {
            ok: false,
            kind: 'waited',
            reason: `every ready modem stayed busy until the deadline (${this.waiters.length} more waiting)`,
          };
        return (
          last ?? {
            ok: false,
            kind: 'unavailable',
            reason:
              turn.end === 'stopped'
                ? 'the modem pool is stopped'
                : turn.end === 'refused'
                  ? 'no longer waiting for a modem (the channel is handed over)'
                  : 'no modem in the pool is ready',
          }
        );
      }
      tried.add(turn.modem);
      const outcome = await turn.outcome;
      // 'unavailable' means this modem surely did not send it: another one may.
      if (outcome.ok || outcome.kind !== 'unavailable') return outcome;
      last = outcome;
    }
  }

  /** Queues the segment and serves the queue: resolves once a modem took it, or waiting ended. */
  private waitForRoom(
    tried: ReadonlySet<Modem>,
    priority: number,
    notAfter: number | undefined,
    segment: OutboundSegment,
  ): Promise<
    | { readonly modem: Modem; readonly outcome: Promise<TransportOutcome> }
    | { readonly end: 'no-modem' | 'stopped' | 'refused' | 'waited' }
  > {
    return new Promise((resolve) => {
      let deadline: NodeJS.Timeout | null = null;
      const waiter: Waiter = {
        priority,
        seq: ++this.arrivals,
        tried,
        take: (modem) => {
          if (deadline !== null) clearTimeout(deadline);
          const outcome = modem.submit(segment);
          // Whatever became of it, the modem has room again (or is gone): serve the next.
          const next = (): void => this.serveWaiters();
          outcome.then(next, next);
          resolve({ modem, outcome });
        },
        end: (why) => {
          if (deadline !== null) clearTimeout(deadline);
          resolve({ end: why });
        },
      };
      if (!this.running) {
        waiter.end('stopped');
        return;
      }
      let at = this.waiters.length;
      while (at > 0 && this.waiters[at - 1]!.priority < priority) at--;
      this.waiters.splice(at, 0, waiter);
      this.serveWaiters();
      if (notAfter !== undefined && this.waiters.includes(waiter)) {
        deadline = setTimeout(
          () => {
            const index = this.waiters.indexOf(waiter);
            if (index < 0) return;
            this.waiters.splice(index, 1);
            waiter.end('waited');
          },
          Math.max(0, notAfter - Date.now()),
        );
        deadline.unref();
      }
    });
  }

  /** Hands free room to the waiting segments in order; ends the wait of those no ready modem is left for. */
  private serveWaiters(): void {
    for (let i = 0; i < this.waiters.length;) {
      const waiter = this.waiters[i]!;
      const modem = this.choose(waiter.tried);
      if (modem !== null) {
        this.waiters.splice(i, 1);
        waiter.take(modem);
        continue;
      }
      if (!this.hasReadyModem(waiter.tried)) {
        this.waiters.splice(i, 1);
        waiter.end('no-modem');
        continue;
      }
      // Every ready modem it may use is full; one it has tried may have room for those behind it.
      i++;
    }
  }

  private hasReadyModem(except: ReadonlySet<Modem>): boolean {
    for (const { modem } of this.members.values()) if (modem.state === 'ready' && !except.has(modem)) return true;
    return false;
  }

  state(): TransportState {
    let binds = 0;
    let inFlight = 0;
    let window = 0;
    let allowedTps = 0;
    for (const { modem } of this.members.values()) {
      inFlight += modem.load;
      if (modem.state !== 'ready') continue;
      binds++;
      window += modem.options.window;
      allowedTps += modem.options.tps;
    }
    return { up: binds > 0, binds, inFlight, window, allowedTps, waiting: this.waiters.length };
  }

  onReport(handler: (report: StatusReport, settle: Settle) => void): void {
    this.reportHandlers.push(handler);
  }

  onMo(handler: (sms: InboundSms, settle: Settle) => void): void {
    this.moHandlers.push(handler);
  }

  onEvent(handler: (event: TransportEvent) => void): void {
    this.eventHandlers.push(handler);
  }

  modems(): ModemSummary[] {
    return [...this.members.values()].map(({ modem }) => ({
      id: modem.id,
      path: modem.path,
      state: modem.state,
      signal: modem.signal,
      registration: modem.registration,
      load: modem.load,
    }));
  }

  /**
   * Adds a modem (hot add). While the pool runs it is initialised at once; if that fails it is
   * retried with back-off. A path or id already in the pool is a ModemConfigError.
   */
  async addModem(input: string | ModemPortInput): Promise<void> {
    const port = parseModemPort(typeof input === 'string' ? { path: input } : input);
    const id = portId(port);
    if (this.members.has(port.path)) throw new ModemConfigError(`modem pool: ${port.path} is already in the pool`);
    if ([...this.members.values()].some((member) => member.modem.id === id))
      throw new ModemConfigError(`modem pool: id ${id} is already in use`);
    const member: Member = {
      modem: this.createModem(port, id),
      config: port,
      recovery: null,
      backoffMs: this.config.recovery.initialMs,
      joinedAt: 0,
    };
    this.members.set(port.path, member);
    if (!this.running) return;
    try {
      await member.modem.start();
    } catch {
      // Reported through the modem's 'failed' state; recovery is scheduled there.
    }
  }

  /** Takes a modem out (hot remove): it finishes what it is sending (up to the stop timeout), then its port closes. */
  async removeModem(path: string): Promise<void> {
    const member = this.members.get(path);
    if (member === undefined) throw new ModemConfigError(`modem pool: ${path} is not in the pool`);
    this.members.delete(path);
    this.lastPicked.delete(member.modem);
    this.cancelRecovery(member);
    const wasReady = member.modem.state === 'ready';
    this.serveWaiters();
    await withTimeout(member.modem.idle(), this.config.stopTimeoutMs);
    await member.modem.stop();
    if (wasReady)
      this.emit({
        level: 'info',
        kind: 'member-removed',
        message: `modem ${member.modem.id} (${path}) removed from the pool`,
      });
  }

  /**
   * Applies a new configuration: modems no longer listed are removed, new ones added, changed
   * ones replaced; pool-wide settings apply to modems added from now on.
   */
  async reload(input: unknown): Promise<void> {
    const next = parseModemPoolConfig(input, 'modem config reload');
    this.config = next;
    const wanted = new Map(next.ports.map((port) => [port.path, port]));
    for (const [path, member] of [...this.members]) {
      const port = wanted.get(path);
      if (port === undefined || JSON.stringify(port) !== JSON.stringify(member.config)) await this.removeModem(path);
    }
    for (const port of next.ports) if (!this.members.has(port.path)) await this.addModem(port);
  }

  private createModem(port: ModemPortConfig, id: string): Modem {
    const events: ModemEvents = {
      state: (modem, state, reason) => this.modemState(modem, state, reason),
      report: (report, settle) => this.deliver(this.reportHandlers, report, settle, 'status report'),
      mo: (sms, settle) => this.deliver(this.moHandlers, sms, settle, 'MO'),
      warning: (modem, message) =>
        this.emit({ level: 'warn', kind: 'warning', message: `modem ${modem.id} (${modem.path}): ${message}` }),
    };
    return new Modem(
      {
        id,
        path: port.path,
        baudRate: port.baudRate,
        tps: port.tps,
        window: port.window,
        ownNumber: port.ownNumber,
        init: {
          cnmi: port.init.cnmi,
          smsService: port.init.smsService ?? null,
          pin: port.init.pin ?? null,
          extra: port.init.extra,
        },
        numbers: this.config.numbers,
        defaultValidityMinutes: this.config.defaultValidityMinutes,
        timeouts: this.config.timeouts,
        healthIntervalMs: this.config.healthIntervalMs,
        maxConsecutiveFailures: this.config.maxConsecutiveFailures,
        retryStoredMs: this.config.retryStoredMs,
      },
      this.openPort,
      events,
      this.log.child({ modem: id }),
    );
  }

  private memberOf(modem: Modem): Member | undefined {
    const member = this.members.get(modem.path);
    return member?.modem === modem ? member : undefined;
  }

  private modemState(modem: Modem, state: ModemState, reason: string): void {
    this.serveWaiters();
    const member = this.memberOf(modem);
    if (member === undefined) return;
    if (state === 'ready') {
      member.joinedAt = Date.now();
      this.emit({
        level: 'info',
        kind: 'member-added',
        message: `modem ${modem.id} (${modem.path}) in the pool: ${reason}`,
      });
    } else if (state === 'failed') {
      if (member.joinedAt > 0) {
        this.emit({
          level: 'warn',
          kind: 'member-removed',
          message: `modem ${modem.id} (${modem.path}) out of the pool: ${reason}`,
        });
        // A modem that worked for a good while starts its back-off afresh; one that fails soon
        // after joining (it initialises but cannot send) keeps backing off, so it cannot flap.
        if (Date.now() - member.joinedAt >= this.config.recovery.maxMs)
          member.backoffMs = this.config.recovery.initialMs;
      } else {
        this.emit({
          level: 'warn',
          kind: 'bind-failed',
          message: `modem ${modem.id} (${modem.path}) not usable: ${reason}`,
        });
      }
      member.joinedAt = 0;
      this.scheduleRecovery(member);
    }
  }

  /** Tries the modem again after the back-off, which doubles up to the maximum until it works. */
  private scheduleRecovery(member: Member): void {
    if (!this.running || member.recovery !== null) return;
    const delay = member.backoffMs;
    member.backoffMs = Math.min(member.backoffMs * 2, this.config.recovery.maxMs);
    member.recovery = setTimeout(() => {
      member.recovery = null;
      if (!this.running || this.memberOf(member.modem) === undefined) return;
      member.modem.start().catch(() => undefined); // a failure schedules the next attempt
    }, delay);
    member.recovery.unref();
  }

  private cancelRecovery(member: Member): void {
    if (member.recovery !== null) clearTimeout(member.recovery);
    member.recovery = null;
  }

  /** Least loaded ready modem with room; ties go to the one whose rate allows a submit soonest, then round robin. */
  private choose(tried: ReadonlySet<Modem>): Modem | null {
    let best: Modem | null = null;
    for (const { modem } of this.members.values()) {
      if (tried.has(modem) || !modem.canTake) continue;
      if (best === null || this.before(modem, best)) best = modem;
    }
    if (best !== null) this.lastPicked.set(best, ++this.picks);
    return best;
  }

  private before(a: Modem, b: Modem): boolean {
    if (a.load !== b.load) return a.load < b.load;
    const wait = a.tokenWaitMs - b.tokenWaitMs;
    if (wait !== 0) return wait < 0;
    return (this.lastPicked.get(a) ?? 0) < (this.lastPicked.get(b) ?? 0);
  }

  private deliver<T>(
    handlers: ReadonlyArray<(item: T, settle: Settle) => void>,
    item: T,
    settle: Settle,
    what: string,
  ): void {
    if (handlers.length === 0) {
      this.log.warn({ what }, `no handler for a ${what}; left for later`);
      settle(false);
      return;
    }
    for (const handler of handlers) handler(item, settle);
  }

  private emit(event: TransportEvent): void {
    // A listener (the channel runner) logs events with its channel's fields; once is enough.
    if (this.eventHandlers.length === 0) this.log[event.level]({ kind: event.kind }, event.message);
    for (const handler of this.eventHandlers) {
      try {
        handler(event);
      } catch (error) {
        this.log.error({ err: error }, 'transport event handler failed');
      }
    }
  }
}

function withTimeout(promise: Promise<unknown>, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    timer.unref();
    promise.then(
      () => {
        clearTimeout(timer);
        resolve();
      },
      () => {
        clearTimeout(timer);
        resolve();
      },
    );
  });
}
