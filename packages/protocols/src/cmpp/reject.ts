import type { RejectReason } from '../engine/protocol.js';
import { CommandId } from './command-ids.js';
import type { CmppPdu } from './pdu.js';
import { CancelResult, ConnectStatus, DeliverResult, SubmitResult } from './status-codes.js';

/**
 * Refusals in CMPP's own codes. Only SUBMIT, DELIVER, CONNECT and CANCEL responses carry a
 * status; QUERY_RESP has none (null: no reply), and ACTIVE_TEST / TERMINATE are answered as usual
 * because there is nothing to refuse.
 */
const submitResults: Record<RejectReason, number> = {
  unsupported: SubmitResult.BAD_COMMAND_ID,
  // The spec has no "not bound" result; "bad command id" says this command is not accepted here.
  'not-bound': SubmitResult.BAD_COMMAND_ID,
  'already-bound': SubmitResult.BAD_COMMAND_ID,
  throttled: SubmitResult.FLOW_CONTROL,
  // A full queue asks the client to slow down, which is what flow control means.
  'queue-full': SubmitResult.FLOW_CONTROL,
  'invalid-destination': SubmitResult.BAD_DEST_TERMINAL_ID,
  'invalid-source': SubmitResult.BAD_SRC_ID,
  'invalid-message': SubmitResult.BAD_STRUCTURE,
  'system-error': SubmitResult.GATEWAY_ERROR,
};

const deliverResults: Record<RejectReason, number> = {
  unsupported: DeliverResult.BAD_COMMAND_ID,
  'not-bound': DeliverResult.BAD_COMMAND_ID,
  'already-bound': DeliverResult.BAD_COMMAND_ID,
  throttled: DeliverResult.FLOW_CONTROL,
  'queue-full': DeliverResult.FLOW_CONTROL,
  'invalid-destination': DeliverResult.OTHER,
  'invalid-source': DeliverResult.OTHER,
  'invalid-message': DeliverResult.BAD_STRUCTURE,
  'system-error': DeliverResult.OTHER,
};

const connectStatuses: Record<RejectReason, number> = {
  unsupported: ConnectStatus.OTHER,
  'not-bound': ConnectStatus.OTHER,
  'already-bound': ConnectStatus.OTHER,
  throttled: ConnectStatus.OTHER,
  'queue-full': ConnectStatus.OTHER,
  'invalid-destination': ConnectStatus.OTHER,
  'invalid-source': ConnectStatus.BAD_SOURCE_ADDR,
  'invalid-message': ConnectStatus.BAD_STRUCTURE,
  'system-error': ConnectStatus.OTHER,
};

export function submitResultFor(reason: RejectReason): number {
  return submitResults[reason];
}

/** `version` is the Version this side puts in a CONNECT_RESP. */
export function rejectCmpp(request: CmppPdu, reason: RejectReason, version: number): CmppPdu | null {
  const sequence = request.sequence;
  switch (request.command) {
    case 'submit':
      return { command: 'submit_resp', sequence, msgId: 0n, result: submitResults[reason] };
    case 'deliver':
      return { command: 'deliver_resp', sequence, msgId: request.msgId, result: deliverResults[reason] };
    case 'connect':
      return {
        command: 'connect_resp',
        sequence,
        status: connectStatuses[reason],
        authenticatorIsmg: Buffer.alloc(16),
        version,
      };
    case 'cancel':
      return { command: 'cancel_resp', sequence, successId: CancelResult.FAILED };
    case 'active_test':
      return { command: 'active_test_resp', sequence, reserved: 0 };
    case 'terminate':
      return { command: 'terminate_resp', sequence };
    default:
      return null;
  }
}

/**
 * The reply to a request frame whose header was readable but whose body was not: its own
 * response with "bad structure". The Msg_Id of a broken DELIVER cannot be trusted, so 0 is echoed.
 */
export function rejectCmppFrame(commandId: number, sequence: number, version: number): CmppPdu | null {
  switch (commandId) {
    case CommandId.SUBMIT:
      return { command: 'submit_resp', sequence, msgId: 0n, result: SubmitResult.BAD_STRUCTURE };
    case CommandId.DELIVER:
      return { command: 'deliver_resp', sequence, msgId: 0n, result: DeliverResult.BAD_STRUCTURE };
    case CommandId.CONNECT:
      return {
        command: 'connect_resp',
        sequence,
        status: ConnectStatus.BAD_STRUCTURE,
        authenticatorIsmg: Buffer.alloc(16),
        version,
      };
    case CommandId.CANCEL:
      return { command: 'cancel_resp', sequence, successId: CancelResult.FAILED };
    case CommandId.ACTIVE_TEST:
      return { command: 'active_test_resp', sequence, reserved: 0 };
    case CommandId.TERMINATE:
      return { command: 'terminate_resp', sequence };
    default:
      // Responses, QUERY (its response has no status) and commands we do not speak: no reply.
      return null;
  }
}
