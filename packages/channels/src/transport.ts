import type { InboundSms, OutboundSegment, StatusReport, SubmitOutcome } from '@smshub/protocols';
import type { TextEncoding } from '@smshub/sms';

/**
 * How a sending worker reaches one channel: a pool of carrier binds (workers/carrier) or a pool
 * of GSM modems (workers/modem). The channel pipeline (claim queued messages, split them into
 * segments, submit, record outcomes, store reports and MO) is the same for both; only the
 * transport differs.
 */
export interface ChannelTransport {
  /** What the link carries; the pipeline encodes text and formats numbers accordingly. */
  readonly capabilities: TransportCapabilities;
  /** Opens binds / serial ports and keeps them open (reconnecting) until `stop`. */
  start(): Promise<void>;
  /** Closes gracefully: waits for in-flight submits (up to a timeout), then unbinds / closes. */
  stop(): Promise<void>;
  /**
   * Sends one segment and resolves with what became of it. Never rejects for a failure of the
   * link: such failures are outcomes ('in-doubt' when the submit may have reached the gateway,
   * 'unavailable' when it surely did not).
   */
  submit(segment: OutboundSegment, options?: SubmitOptions): Promise<TransportOutcome>;
  /** Live figures for scheduling and the console. */
  state(): TransportState;
  /**
   * Drops the current links (they reconnect): used when the gateway stopped answering, so the
   * submits stuck on them fail now (in doubt) and go out elsewhere instead of waiting for their
   * timeout.
   */
  resetLinks?(reason: string): void;
  /**
   * Ends the wait of the submits still waiting for a slot (TPS budget, window): they resolve
   * 'unavailable', never sent. Submits on the wire are not touched, and later submits are served
   * as usual. Used to hand a channel over without waiting for its whole backlog.
   */
  refuseWaiting?(reason: string): void;
  /**
   * Reports and MO arrive through these; the pipeline calls `settle(true)` once the item is
   * stored (the transport then acknowledges it to the gateway / deletes it from the SIM), or
   * `settle(false)` when it could not be stored (the gateway should send it again).
   */
  onReport(handler: (report: StatusReport, settle: (stored: boolean) => void) => void): void;
  onMo(handler: (sms: InboundSms, settle: (stored: boolean) => void) => void): void;
  /** Link events worth an operator's attention (bind refused, modem removed …). */
  onEvent(handler: (event: TransportEvent) => void): void;
}

export interface SubmitOptions {
  /** Higher goes first when submits wait for a slot (alarm 3 … marketing 0). */
  readonly priority?: 0 | 1 | 2 | 3;
  /** Not sent by this time (epoch ms): give up with 'waited' (the message may go elsewhere). */
  readonly notAfter?: number;
  /**
   * Told synchronously when the gateway acknowledged the segment (its carrier message id),
   * before the window slot it used may carry another submit: the runner journals the
   * acknowledgement here, so that a worker killed at any moment leaves on the wire, unrecorded,
   * no more than its window (decision 0007). A transport that cannot tell it earlier than it
   * resolves may leave it uncalled; the runner then records the acknowledgement itself.
   */
  readonly onAcknowledged?: (carrierMessageId: string) => void;
}

export interface TransportCapabilities {
  /** Text encodings the link accepts, cheapest first. */
  readonly encodings: readonly TextEncoding[];
  /**
   * Chinese mobile numbers as the national 11 digits, or as E.164 digits (86…). International
   * numbers always go as E.164 digits.
   */
  readonly numbers: 'national' | 'e164';
}

export type TransportOutcome =
  | SubmitOutcome
  /** Sent, but no answer: the gateway may or may not have it. Resending may duplicate. */
  | { readonly ok: false; readonly kind: 'in-doubt'; readonly reason: string }
  /** Not sent: no bind / modem could take it. Safe to send elsewhere. */
  | { readonly ok: false; readonly kind: 'unavailable'; readonly reason: string }
  /** Not sent: it waited for a slot until `notAfter`. Safe to send elsewhere. */
  | { readonly ok: false; readonly kind: 'waited'; readonly reason: string };

export interface TransportState {
  /** At least one bind / modem is usable. */
  readonly up: boolean;
  readonly binds: number;
  /** Unacknowledged submits, and how many may be, across binds / modems. */
  readonly inFlight: number;
  readonly window: number;
  /** Submits per second allowed right now (lowered after throttling). */
  readonly allowedTps: number;
  /** How long the oldest unanswered submit has waited (ms), when the transport can tell. */
  readonly oldestInFlightMs?: number;
  /** Submits taken from the queue and waiting for a slot (TPS budget, window). */
  readonly waiting?: number;
}

export interface TransportEvent {
  readonly level: 'info' | 'warn' | 'error';
  readonly kind: 'bound' | 'unbound' | 'bind-failed' | 'throttled' | 'member-added' | 'member-removed' | 'warning';
  readonly message: string;
}
