import type { SgipCommand, SgipPdu } from './pdu.js';
import type { SgipSequence } from './sequence.js';

/**
 * The response that answers `request` with `result`, echoing its sequence (reference §2.1).
 * Null for a response (never answered) and for TRACE, whose reply carries no status.
 */
export function responseFor(request: SgipPdu, result: number): SgipPdu | null {
  return responseTo(request.command, request.sequence, result);
}

/** Same, from a request's command name and sequence alone (a frame whose body was unreadable). */
export function responseTo(command: SgipCommand, sequence: SgipSequence, result: number): SgipPdu | null {
  switch (command) {
    case 'bind':
      return { command: 'bind_resp', sequence, result };
    case 'submit':
      return { command: 'submit_resp', sequence, result };
    case 'deliver':
      return { command: 'deliver_resp', sequence, result };
    case 'report':
      return { command: 'report_resp', sequence, result };
    case 'userrpt':
      return { command: 'userrpt_resp', sequence, result };
    case 'checkuser':
      // Status 0 ("deregistered") is the safe answer when the check itself failed.
      return { command: 'checkuser_resp', sequence, result, status: 0 };
    case 'unbind':
      // UNBIND_RESP has no status: an unbind is always answered.
      return { command: 'unbind_resp', sequence };
    default:
      return null;
  }
}
