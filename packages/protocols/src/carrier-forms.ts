import type { TextEncoding } from '@smshub/sms';

/**
 * The protocol-neutral forms that status reports and inbound messages (MO) of every protocol are
 * mapped to, so the carrier worker, the simulator and the access server handle one shape.
 */

/** Delivery states as the SMPP / CMPP status words name them. */
export type DeliveryState =
  'DELIVRD' | 'EXPIRED' | 'DELETED' | 'UNDELIV' | 'ACCEPTD' | 'UNKNOWN' | 'REJECTD' | 'ENROUTE';

export interface StatusReport {
  readonly protocol: string;
  /**
   * The id the gateway returned for the submit, in a normal text form per protocol: SMPP
   * message_id as sent; CMPP Msg_Id as an unsigned decimal; SMGP/CNGP MsgID as 20 lowercase hex
   * digits; SGIP the submit's sequence triple as "node:time:seq".
   */
  readonly carrierMessageId: string;
  /** The MT's destination number, as the gateway reports it. */
  readonly recipient: string;
  readonly state: DeliveryState;
  /** The raw status word (DELIVRD, MA:0001, …) or numeric code as text, kept for the record. */
  readonly code: string;
  /** Carrier error code when the report has one (SMPP err:, SGIP ErrorCode). */
  readonly error?: string;
  readonly submittedAt?: Date;
  readonly doneAt?: Date;
}

export interface InboundSms {
  readonly protocol: string;
  /** Subscriber number that sent the message. */
  readonly from: string;
  /** Number the subscriber sent to: SP number, usually followed by an extension code. */
  readonly to: string;
  readonly encoding: TextEncoding;
  /** The message bytes with any UDH removed. */
  readonly content: Buffer;
  /** Concatenation info from the UDH (or SMPP sar_* TLVs) when this is one part of a long message. */
  readonly concat?: { readonly ref: number; readonly total: number; readonly seq: number };
  readonly serviceId?: string;
  readonly linkId?: string;
}

/** True when no further report will follow for the segment. */
export function isFinalState(state: DeliveryState): boolean {
  return state !== 'ACCEPTD' && state !== 'ENROUTE';
}
