import type { DecodeError } from '../engine/errors.js';
import type { Exchange, FrameHeader, Protocol, RejectReason } from '../engine/protocol.js';
import { isResponseId, SgipCommandId } from './command-ids.js';
import { decodeSgip, peekSgip } from './decode.js';
import { encodeSgip } from './encode.js';
import { HEADER_LENGTH, MAX_PDU_LENGTH } from './layout.js';
import type { SgipCommand, SgipPdu } from './pdu.js';
import { responseFor, responseTo } from './responses.js';
import { SgipResult } from './result.js';
import { parseSequenceText, sequenceText, UNNUMBERED } from './sequence.js';
import { SgipSequenceCounter, type SgipSequencerOptions } from './sequencer.js';

/** SGIP 1.2; the protocol has no version field on the wire, this number is for logs. */
export const SGIP_VERSION = 0x12;

export type SgipProtocolOptions = SgipSequencerOptions;

export interface SgipProtocol extends Protocol<SgipPdu> {
  /** The counter behind every session's sequencer (see SgipSequenceCounter). */
  readonly sequences: SgipSequenceCounter;
}

/**
 * How a refusal the engine or application decides on is said in SGIP (reference §2.8).
 * 'throttled' is 33: 超过流量限制 "traffic within one second reached the limit" in Unicom's
 * revised error table (SGIP 1.3 document, table 5-2; SMSC queue full in the 1.2 table — either way
 * "send slower"). 'queue-full' is 11 "node busy", which the spec explains as "storage queue full
 * or cannot serve for the moment". 30 "function not provided" is a report-range code, but it is
 * the table's only word for a command this side does not handle.
 */
export const rejectResult: Readonly<Record<RejectReason, number>> = {
  unsupported: SgipResult.FUNCTION_NOT_PROVIDED,
  'not-bound': SgipResult.ILLEGAL_LOGIN,
  'already-bound': SgipResult.REPEATED_LOGIN,
  throttled: SgipResult.FLOW_LIMIT_EXCEEDED,
  'queue-full': SgipResult.NODE_BUSY,
  'invalid-destination': SgipResult.ILLEGAL_MOBILE_NUMBER,
  'invalid-source': SgipResult.BAD_PARAMETER_FORMAT,
  'invalid-message': SgipResult.BAD_PARAMETER_FORMAT,
  'system-error': SgipResult.SYSTEM_FAILURE,
};

/**
 * SGIP 1.2 for the session engine. No keep-alive: SGIP has no heartbeat PDU, links are meant to
 * be short (bind, send, unbind) — use the session's idle timeout instead.
 */
export function sgipProtocol(options: SgipProtocolOptions): SgipProtocol {
  const sequences = new SgipSequenceCounter(options);
  const unbind: Exchange<SgipPdu> = {
    request: () => ({ command: 'unbind', sequence: UNNUMBERED }),
    isRequest: (pdu) => pdu.command === 'unbind',
    isResponse: (pdu) => pdu.command === 'unbind_resp',
    reply: (request) => ({ command: 'unbind_resp', sequence: request.sequence }),
  };
  return {
    name: 'sgip',
    version: SGIP_VERSION,
    headerLength: HEADER_LENGTH,
    maxPduLength: MAX_PDU_LENGTH,
    sequences,
    decode: decodeSgip,
    encode: encodeSgip,
    peek: peekSgip,
    isResponse: (pdu) => pdu.command.endsWith('_resp'),
    sequenceKey: (pdu) => sequenceText(pdu.sequence),
    sequencer: () => sequences.sequencer(),
    unbind,
    rejectFrame: rejectUndecodable,
    reject: (request, reason) => responseFor(request, rejectResult[reason]),
  };
}

/** Request ids whose response carries a Result. */
const answerable: Readonly<Record<number, SgipCommand>> = {
  [SgipCommandId.BIND]: 'bind',
  [SgipCommandId.SUBMIT]: 'submit',
  [SgipCommandId.DELIVER]: 'deliver',
  [SgipCommandId.REPORT]: 'report',
  [SgipCommandId.USERRPT]: 'userrpt',
  [SgipCommandId.CHECKUSER]: 'checkuser',
};

/**
 * A known request whose body is malformed gets its own response with Result 5 "bad parameter
 * format". Anything else (a response, an unknown or administrative command) gets no reply: the
 * spec's answer to a protocol error is to drop the connection, which the caller decides.
 */
function rejectUndecodable(header: FrameHeader, _error: DecodeError): SgipPdu | null {
  if (isResponseId(header.commandId) || typeof header.sequence !== 'string') return null;
  const command = answerable[header.commandId];
  if (command === undefined) return null;
  return responseTo(command, parseSequenceText(header.sequence), SgipResult.BAD_PARAMETER_FORMAT);
}
