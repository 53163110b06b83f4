import type { TextEncoding } from '@smshub/sms';
import type { InboundSms, StatusReport } from './carrier-forms.js';
import type { BindAcceptor, Pdu, Protocol, RejectReason } from './engine/protocol.js';

/**
 * A dialect turns the protocol-neutral forms into one protocol's PDUs and back. The carrier
 * worker talks to every gateway through a CarrierDialect (client role); the simulator and the
 * access server answer every client through a GatewayDialect (server role). A protocol folder
 * provides one factory for each, taking that protocol's channel options (SP id, service id, fee
 * fields, …).
 */

/** One segment of one message to one recipient, ready for the wire. */
export interface OutboundSegment {
  /** Recipient as the channel expects it (national 11 digits for Chinese gateways, E.164 digits otherwise). */
  readonly to: string;
  /** Sender shown to the recipient: SP number (long code) plus the org's extension. */
  readonly from: string;
  readonly encoding: TextEncoding;
  /** Encoded text of this segment without the UDH (GSM 7-bit as unpacked septets). */
  readonly payload: Buffer;
  /** Concatenation UDH for a part of a long message, null for a single-segment message. */
  readonly udh: Buffer | null;
  readonly part: { readonly ref: number; readonly total: number; readonly seq: number } | null;
  readonly wantReport: boolean;
  /** 0 lowest … 3 highest; each protocol maps it onto its own priority field. */
  readonly priority: 0 | 1 | 2 | 3;
  readonly validUntil?: Date;
}

export type SubmitOutcome =
  | { readonly ok: true; readonly carrierMessageId: string }
  | {
      readonly ok: false;
      /** throttled: slow down and resend; transient: resend (maybe elsewhere); permanent: never resend. */
      readonly kind: 'throttled' | 'transient' | 'permanent';
      readonly status: number;
      readonly reason: string;
    };

export type InboundEvent<P> =
  | { readonly kind: 'report'; readonly report: StatusReport }
  | { readonly kind: 'mo'; readonly sms: InboundSms }
  /** A request the dialect does not turn into a report or MO (the session answers it itself). */
  | { readonly kind: 'other'; readonly request: P };

export interface CarrierDialect<P extends Pdu> {
  readonly protocol: Protocol<P>;
  /** Builds the submit request for one segment. */
  submit(segment: OutboundSegment): P;
  /** Classifies the response to a submit (SGIP needs the request: its sequence is the message id). */
  submitOutcome(request: P, response: P): SubmitOutcome;
  /** Reads a request the gateway sent us (deliver / report). */
  inbound(request: P): InboundEvent<P>;
  /**
   * The reply to an inbound request once it is stored (ok) or could not be (not ok: a temporary
   * error, so the gateway sends it again).
   */
  inboundReply(request: P, ok: boolean): P;
}

/** A submit as the gateway side sees it. */
export interface ReceivedSubmit {
  /** Destination numbers (CMPP/SGIP/SMGP/CNGP and SMPP submit_multi may carry several). */
  readonly to: readonly string[];
  readonly from: string;
  readonly encoding: TextEncoding;
  /** Message bytes without the UDH. */
  readonly content: Buffer;
  readonly udh: Buffer | null;
  readonly part: { readonly ref: number; readonly total: number; readonly seq: number } | null;
  readonly wantReport: boolean;
}

export type SubmitVerdict =
  { readonly ok: true; readonly messageIds: readonly string[] } | { readonly ok: false; readonly reason: RejectReason };

/** What a gateway needs to send a status report back to the client. */
export interface ReportToSend {
  /** The id the gateway gave the submit, as GatewayDialect.messageIds made it. */
  readonly messageId: string;
  readonly recipient: string;
  /** The sender of the original submit (SMPP source_addr / CMPP Src_Id), echoed in the report. */
  readonly from: string;
  readonly state: StatusReport['state'];
  readonly error?: string;
  readonly submittedAt: Date;
  readonly doneAt: Date;
}

export interface GatewayDialect<P extends Pdu> {
  readonly protocol: Protocol<P>;
  readonly acceptor: BindAcceptor<P>;
  /**
   * Where reports and MO go: over the client's own session, or (SGIP) over a connection the
   * gateway opens to the client's own SGIP server.
   */
  readonly reportPath: 'same-session' | 'callback-connection';
  /**
   * Gateway-format message ids for an accepted submit, one per destination: the id that
   * destination's report carries. CMPP a 64-bit time/gateway/sequence id (N recipients get id …
   * id+N−1, reference §1.5); SMGP/CNGP the one 10-byte MsgID Submit_Resp returns, for every
   * destination; SMPP text (submit_multi: one for all); SGIP the submit's own sequence triple.
   */
  messageIds(request: P, now: Date): readonly string[];
  /** Reads a submit request; null when the request is not a submit. */
  received(request: P): ReceivedSubmit | null;
  submitReply(request: P, verdict: SubmitVerdict): P;
  /** A deliver request carrying a status report. */
  report(report: ReportToSend): P;
  /**
   * Whether the client's response to a report or MO deliver says it took it (status 0); any
   * other answer means the gateway must send that report again later.
   */
  deliverAccepted(response: P): boolean;
  /** A deliver request carrying an MO message. */
  mo(sms: InboundSms): P;
}
