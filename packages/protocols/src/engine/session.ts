import { EventEmitter } from 'node:events';
import type { Duplex } from 'node:stream';
import { DecodeError, EncodeError, ResponseTimeoutError, SessionClosedError, WindowFullError } from './errors.js';
import { FrameReader } from './framing.js';
import type { Pdu, Protocol, SequenceKey, Sequencer } from './protocol.js';

export interface SessionOptions {
  /** Name in errors and logs, e.g. "cmpp 10.0.0.5:7890#2". */
  readonly id: string;
  /** Outgoing requests that may await their response at once (the sliding window). */
  readonly window: number;
  /** Requests that may wait for a window slot before `request` fails with WindowFullError. */
  readonly maxQueued: number;
  readonly responseTimeoutMs: number;
  /** Silence (nothing received) after which a keep-alive probe is sent; 0 turns probes off. */
  readonly keepAliveIntervalMs: number;
  /** Unanswered probes in a row after which the link is declared dead. */
  readonly keepAliveMaxMisses: number;
  /** Silence after which the session unbinds by itself (SGIP links are short-lived); 0 = never. */
  readonly idleTimeoutMs: number;
  /** How long `close` waits for in-flight requests, then for the unbind response. */
  readonly drainTimeoutMs: number;
  readonly unbindTimeoutMs: number;
}

export const defaultSessionOptions: Omit<SessionOptions, 'id'> = {
  window: 16,
  maxQueued: 10_000,
  responseTimeoutMs: 30_000,
  keepAliveIntervalMs: 30_000,
  keepAliveMaxMisses: 3,
  idleTimeoutMs: 0,
  drainTimeoutMs: 5_000,
  unbindTimeoutMs: 5_000,
};

export type SessionState = 'open' | 'bound' | 'closing' | 'closed';

/**
 * Answers a request from the peer. Return the response to send it, or null when the handler will
 * send one itself later (or none is due). A rejected promise is answered with a system error.
 */
export type RequestHandler<P extends Pdu> = (request: P, session: Session<P>) => P | null | Promise<P | null>;

export interface SessionEvents<P extends Pdu> {
  bound: [];
  /** Something the peer did wrong that the session survived (bad frame body, stray response). */
  warning: [error: Error];
  /** The peer asked to unbind; the session answers and closes. */
  unbind: [];
  close: [reason: Error | null];
  /** A request was answered or timed out while closing (drives the graceful drain). */
  settled: [];
  /** Every PDU in and out, for tracing; only emitted when someone listens. */
  pdu: [direction: 'in' | 'out', pdu: P];
}

export interface SessionCounters {
  requestsSent: number;
  responsesReceived: number;
  timeouts: number;
  requestsReceived: number;
  decodeErrors: number;
}

interface Pending<P> {
  readonly pdu: P;
  readonly resolve: (response: P) => void;
  readonly reject: (error: Error) => void;
  readonly timeoutMs: number;
  /** Control requests (keep-alive, unbind) do not use a window slot. */
  readonly control: boolean;
  deadline: number;
  sentAt: number;
}

/** Every carrier protocol marks responses by the top bit of the command id. */
const RESPONSE_BIT = 0x80000000;

/**
 * One connection speaking one protocol, in either role: frames the byte stream, numbers outgoing
 * requests, keeps the window, matches responses, times them out, answers keep-alive and unbind,
 * probes a silent peer, and unbinds gracefully. It knows nothing of bind: the client and server
 * wrappers run the handshake and then call `markBound`.
 */
export class Session<P extends Pdu> extends EventEmitter<SessionEvents<P>> {
  readonly options: SessionOptions;
  readonly counters: SessionCounters = {
    requestsSent: 0,
    responsesReceived: 0,
    timeouts: 0,
    requestsReceived: 0,
    decodeErrors: 0,
  };
  private stateValue: SessionState = 'open';
  private readonly sequencer: Sequencer<P>;
  private readonly framer: FrameReader;
  private readonly inFlight = new Map<SequenceKey, Pending<P>>();
  private inFlightData = 0;
  private readonly waiting: Pending<P>[] = [];
  private waitingHead = 0;
  private handler: RequestHandler<P> | null = null;
  private readonly ticker: NodeJS.Timeout;
  private lastReceivedAt = Date.now();
  private probeOut = false;
  private probeMisses = 0;
  private corked = false;
  private closeReason: Error | null = null;
  private drainWaiters: (() => void)[] = [];
  private readonly closed: Promise<void>;

  constructor(
    readonly protocol: Protocol<P>,
    private readonly socket: Duplex,
    options: Partial<SessionOptions> & { id: string },
  ) {
    super();
    this.options = { ...defaultSessionOptions, ...options };
    if (!(this.options.window >= 1)) throw new RangeError(`${this.options.id}: window must be at least 1`);
    this.sequencer = protocol.sequencer();
    this.framer = new FrameReader(protocol.name, protocol.headerLength, protocol.maxPduLength, (frame) =>
      this.onFrame(frame),
    );
    this.closed = new Promise((resolve) => this.once('close', () => resolve()));
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (error: Error) => this.destroy(error));
    // Once we are closing, the socket going away is the expected end, not an error.
    socket.on('close', () =>
      this.destroy(this.stateValue === 'closing' ? null : new Error('connection closed by peer')),
    );
    socket.on('end', () => {
      // The peer half-closed: nothing more can arrive, so nothing in flight can be answered.
      this.destroy(this.stateValue === 'closing' ? null : new Error('connection ended by peer'));
    });
    const tick = Math.max(50, Math.min(1_000, Math.floor(this.options.responseTimeoutMs / 4)));
    this.ticker = setInterval(() => this.onTick(), tick);
    this.ticker.unref();
  }

  get id(): string {
    return this.options.id;
  }

  get state(): SessionState {
    return this.stateValue;
  }

  /** Requests written and not yet answered (control probes excluded). */
  get inFlightCount(): number {
    return this.inFlightData;
  }

  /** Requests waiting for a window slot. */
  get queuedCount(): number {
    return this.waiting.length - this.waitingHead;
  }

  /**
   * How long the oldest unanswered request has waited, in ms (0 when none): a peer that keeps
   * accepting traffic but stops answering shows here long before the response timeout.
   */
  oldestInFlightMs(now = Date.now()): number {
    let oldest = now;
    for (const pending of this.inFlight.values())
      if (!pending.control && pending.sentAt < oldest) oldest = pending.sentAt;
    return now - oldest;
  }

  /** Window slots free right now. */
  get windowFree(): number {
    return Math.max(0, this.options.window - this.inFlightData);
  }

  setHandler(handler: RequestHandler<P> | null): void {
    this.handler = handler;
  }

  /** Called by the bind handshake once it has succeeded; starts keep-alive probes. */
  markBound(): void {
    if (this.stateValue !== 'open') return;
    this.stateValue = 'bound';
    this.lastReceivedAt = Date.now();
    this.emit('bound');
  }

  /**
   * Sends a request and resolves with its response (whatever its status: interpreting the
   * status is the caller's business). Waits for a window slot first. Rejects with
   * ResponseTimeoutError, SessionClosedError (see its `written`), WindowFullError or EncodeError.
   */
  request(pdu: P, timeoutMs = this.options.responseTimeoutMs): Promise<P> {
    return this.enqueue(pdu, timeoutMs, false);
  }

  /** Resolves when a window slot is free (or at once if one is). */
  whenWindowFree(): Promise<void> {
    if (this.windowFree > 0 || this.stateValue === 'closed') return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /** Writes a PDU without waiting for anything (responses, or requests answered elsewhere). */
  send(pdu: P): void {
    if (this.stateValue === 'closed') return;
    const bytes = this.protocol.encode(pdu);
    if (this.listenerCount('pdu') > 0) this.emit('pdu', 'out', pdu);
    this.write(bytes);
  }

  /**
   * Graceful close: stops taking requests, fails the ones still waiting for a slot (not written,
   * safe to send elsewhere), waits for in-flight responses, unbinds, then closes the socket.
   */
  async close(reason = 'closed by us'): Promise<void> {
    if (this.stateValue === 'closed') return;
    if (this.stateValue === 'closing') return this.closed;
    const wasBound = this.stateValue === 'bound';
    this.stateValue = 'closing';
    this.closeReason = new Error(reason);
    this.failWaiting(reason);
    await this.drainInFlight(this.options.drainTimeoutMs);
    if (wasBound && this.stateValue === 'closing') {
      try {
        await this.enqueue(this.protocol.unbind.request(), this.options.unbindTimeoutMs, true, true);
      } catch {
        // The peer may drop the link instead of answering; we are closing either way.
      }
    }
    this.endSocket();
    await this.closed;
  }

  /** Immediate close: every waiting and in-flight request fails with SessionClosedError. */
  destroy(error: Error | null = null): void {
    if (this.stateValue === 'closed') return;
    this.stateValue = 'closed';
    const reason = error?.message ?? this.closeReason?.message ?? 'destroyed';
    clearInterval(this.ticker);
    this.failWaiting(reason);
    for (const pending of this.inFlight.values()) {
      pending.reject(new SessionClosedError(this.id, reason, true));
    }
    this.inFlight.clear();
    this.inFlightData = 0;
    this.wakeDrainWaiters();
    if (!this.socket.destroyed) this.socket.destroy();
    this.emit('close', error);
  }

  /** Resolves when the session has closed. */
  whenClosed(): Promise<void> {
    return this.closed;
  }

  private enqueue(pdu: P, timeoutMs: number, control: boolean, whileClosing = false): Promise<P> {
    return new Promise<P>((resolve, reject) => {
      const open = this.stateValue === 'open' || this.stateValue === 'bound';
      if (!open && !(whileClosing && this.stateValue === 'closing')) {
        reject(new SessionClosedError(this.id, this.closeReason?.message ?? this.stateValue, false));
        return;
      }
      const pending: Pending<P> = { pdu, resolve, reject, timeoutMs, control, deadline: 0, sentAt: 0 };
      if (control || (this.inFlightData < this.options.window && this.queuedCount === 0)) {
        this.dispatch(pending);
        return;
      }
      if (this.queuedCount >= this.options.maxQueued) {
        reject(new WindowFullError(this.id, this.queuedCount));
        return;
      }
      this.waiting.push(pending);
    });
  }

  private dispatch(pending: Pending<P>): void {
    const key = this.sequencer.assign(pending.pdu);
    let bytes: Buffer;
    try {
      bytes = this.protocol.encode(pending.pdu);
    } catch (error) {
      pending.reject(error instanceof Error ? error : new EncodeError(this.protocol.name, String(error)));
      return;
    }
    pending.sentAt = Date.now();
    pending.deadline = pending.sentAt + pending.timeoutMs;
    this.inFlight.set(key, pending);
    if (!pending.control) this.inFlightData++;
    this.counters.requestsSent++;
    if (this.listenerCount('pdu') > 0) this.emit('pdu', 'out', pending.pdu);
    this.write(bytes);
  }

  private pump(): void {
    while (this.inFlightData < this.options.window && this.waitingHead < this.waiting.length) {
      const next = this.waiting[this.waitingHead]!;
      this.waiting[this.waitingHead] = undefined as unknown as Pending<P>;
      this.waitingHead++;
      this.dispatch(next);
    }
    if (this.waitingHead > 1024 && this.waitingHead * 2 > this.waiting.length) {
      this.waiting.splice(0, this.waitingHead);
      this.waitingHead = 0;
    }
    if (this.windowFree > 0) this.wakeDrainWaiters();
  }

  private wakeDrainWaiters(): void {
    if (this.drainWaiters.length === 0) return;
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const wake of waiters) wake();
  }

  private failWaiting(reason: string): void {
    for (let i = this.waitingHead; i < this.waiting.length; i++) {
      this.waiting[i]!.reject(new SessionClosedError(this.id, reason, false));
    }
    this.waiting.length = 0;
    this.waitingHead = 0;
  }

  private write(bytes: Buffer): void {
    if (!this.corked) {
      // Coalesce everything written in this tick into one writev.
      this.corked = true;
      this.socket.cork();
      process.nextTick(() => {
        this.corked = false;
        this.socket.uncork();
      });
    }
    this.socket.write(bytes);
  }

  private endSocket(): void {
    if (this.socket.destroyed) return;
    this.socket.end();
    // A peer that never closes its side must not keep us half-open.
    setTimeout(() => this.destroy(null), this.options.unbindTimeoutMs).unref();
  }

  private onData(chunk: Buffer): void {
    this.lastReceivedAt = Date.now();
    try {
      this.framer.push(chunk);
    } catch (error) {
      this.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  }

  private onFrame(frame: Buffer): void {
    if (this.stateValue === 'closed') return;
    let pdu: P;
    try {
      pdu = this.protocol.decode(frame);
    } catch (error) {
      if (!(error instanceof DecodeError)) throw error;
      this.onUndecodable(frame, error);
      return;
    }
    if (this.listenerCount('pdu') > 0) this.emit('pdu', 'in', pdu);
    if (this.protocol.isResponse(pdu)) this.onResponse(pdu);
    else this.onRequest(pdu);
  }

  private onUndecodable(frame: Buffer, error: DecodeError): void {
    this.counters.decodeErrors++;
    this.emit('warning', error);
    const header = this.protocol.peek(frame);
    if (header === null) return;
    if ((header.commandId & RESPONSE_BIT) !== 0) {
      // A response we cannot read still ends its request: tell the caller why.
      const pending = this.inFlight.get(header.sequence);
      if (pending !== undefined) this.settle(header.sequence, pending, null, error);
      return;
    }
    const reply = this.protocol.rejectFrame(header, error);
    if (reply !== null) this.send(reply);
  }

  private onResponse(pdu: P): void {
    const key = this.protocol.sequenceKey(pdu);
    const pending = this.inFlight.get(key);
    if (pending === undefined) {
      this.emit(
        'warning',
        new Error(`${this.id}: response ${pdu.command} with unknown sequence ${key} (late or stray)`),
      );
      return;
    }
    this.settle(key, pending, pdu, null);
  }

  private settle(key: SequenceKey, pending: Pending<P>, response: P | null, error: Error | null): void {
    this.inFlight.delete(key);
    if (!pending.control) this.inFlightData--;
    this.counters.responsesReceived++;
    if (response !== null) pending.resolve(response);
    else pending.reject(error ?? new Error('no response'));
    this.pump();
    if (this.stateValue === 'closing') this.emit('settled');
  }

  private onRequest(pdu: P): void {
    this.counters.requestsReceived++;
    const { keepAlive, unbind } = this.protocol;
    if (keepAlive !== undefined && keepAlive.isRequest(pdu)) {
      this.send(keepAlive.reply(pdu));
      return;
    }
    if (unbind.isRequest(pdu)) {
      this.send(unbind.reply(pdu));
      this.emit('unbind');
      this.stateValue = 'closing';
      this.closeReason = new Error('peer unbound');
      this.failWaiting('peer unbound');
      this.endSocket();
      return;
    }
    const handler = this.handler;
    if (handler === null) {
      const reply = this.protocol.reject(pdu, 'unsupported');
      if (reply !== null) this.send(reply);
      return;
    }
    let result: P | null | Promise<P | null>;
    try {
      result = handler(pdu, this);
    } catch (error) {
      this.onHandlerError(pdu, error);
      return;
    }
    if (result === null) return;
    if (result instanceof Promise) {
      result.then(
        (reply) => {
          if (reply !== null) this.send(reply);
        },
        (error: unknown) => this.onHandlerError(pdu, error),
      );
      return;
    }
    this.send(result);
  }

  private onHandlerError(pdu: P, error: unknown): void {
    this.emit(
      'warning',
      new Error(
        `${this.id}: handler failed on ${pdu.command}: ${error instanceof Error ? error.message : String(error)}`,
      ),
    );
    const reply = this.protocol.reject(pdu, 'system-error');
    if (reply !== null) this.send(reply);
  }

  private onTick(): void {
    const now = Date.now();
    if (this.inFlight.size > 0) {
      for (const [key, pending] of this.inFlight) {
        if (pending.deadline > now) continue;
        this.counters.timeouts++;
        this.settle(key, pending, null, new ResponseTimeoutError(this.id, pending.pdu.command, pending.timeoutMs));
      }
    }
    if (this.stateValue !== 'bound') return;
    const silentFor = now - this.lastReceivedAt;
    const { keepAliveIntervalMs, idleTimeoutMs } = this.options;
    if (idleTimeoutMs > 0 && silentFor >= idleTimeoutMs && this.inFlight.size === 0 && this.queuedCount === 0) {
      void this.close('idle');
      return;
    }
    const keepAlive = this.protocol.keepAlive;
    if (keepAlive === undefined || keepAliveIntervalMs <= 0 || this.probeOut) return;
    if (silentFor < keepAliveIntervalMs) {
      this.probeMisses = 0;
      return;
    }
    this.probeOut = true;
    const timeout = Math.min(this.options.responseTimeoutMs, keepAliveIntervalMs);
    this.enqueue(keepAlive.request(), timeout, true).then(
      () => {
        this.probeOut = false;
        this.probeMisses = 0;
      },
      (error: unknown) => {
        this.probeOut = false;
        if (!(error instanceof ResponseTimeoutError)) return;
        this.probeMisses++;
        if (this.probeMisses >= this.options.keepAliveMaxMisses) {
          this.destroy(new Error(`${this.id}: peer silent, ${this.probeMisses} keep-alive probes unanswered`));
        }
      },
    );
  }

  private drainInFlight(timeoutMs: number): Promise<void> {
    if (this.inFlightData === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.off('settled', check);
        this.off('close', finish);
        resolve();
      };
      const check = (): void => {
        if (this.inFlightData === 0) finish();
      };
      const timer = setTimeout(finish, timeoutMs);
      this.on('settled', check);
      this.once('close', finish);
    });
  }
}
