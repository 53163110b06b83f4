import type { SubmitOutcome } from '../dialect.js';
import { msgIdText } from './msg-id.js';
import { SubmitResult, submitResultText } from './status-codes.js';

/**
 * How the carrier worker treats each SUBMIT_RESP result:
 * - 8 flow control → throttled: slow the channel down and send again.
 * - 3 duplicate sequence → transient: a sequencing slip on the link; the same message sent again
 *   gets a fresh sequence and is fine.
 * - 1, 2, 4, 6 (structure, command, length, too long) → permanent: the same bytes fail anywhere.
 * - 5, 7, 9–13 (fee code, service id, charged number not served, Src_Id, Msg_src,
 *   Fee_terminal_Id, Dest_terminal_Id) → permanent: the gateway refuses these fields for this
 *   message; resending the same submit cannot help (a misconfigured channel shows up as every
 *   submit failing, which the channel's health check catches, not a retry).
 * - anything else (14–99 unassigned, 100–199 vendor-defined, incl. our own GATEWAY_ERROR) →
 *   transient: an unknown code is no proof the message is bad, and the dispatcher's retry limit
 *   bounds the cost of being wrong.
 */
const permanent: ReadonlySet<number> = new Set([
  SubmitResult.BAD_STRUCTURE,
  SubmitResult.BAD_COMMAND_ID,
  SubmitResult.BAD_MSG_LENGTH,
  SubmitResult.BAD_FEE_CODE,
  SubmitResult.MSG_TOO_LONG,
  SubmitResult.BAD_SERVICE_ID,
  SubmitResult.FEE_NUMBER_NOT_SERVED,
  SubmitResult.BAD_SRC_ID,
  SubmitResult.BAD_MSG_SRC,
  SubmitResult.BAD_FEE_TERMINAL_ID,
  SubmitResult.BAD_DEST_TERMINAL_ID,
]);

export function classifySubmitResult(result: number, msgId: bigint): SubmitOutcome {
  if (result === SubmitResult.OK) return { ok: true, carrierMessageId: msgIdText(msgId) };
  const reason = submitResultText(result);
  if (result === SubmitResult.FLOW_CONTROL) return { ok: false, kind: 'throttled', status: result, reason };
  return { ok: false, kind: permanent.has(result) ? 'permanent' : 'transient', status: result, reason };
}
