import type { SubmitOutcome } from '../dialect.js';
import { describeResult, SgipResult } from './result.js';

type Failure = Extract<SubmitOutcome, { ok: false }>['kind'];

/**
 * What a SUBMIT_RESP Result means for the message (reference §2.8). Throttled: the node asks us
 * to slow down (11 node busy, 33 flow limit / SMSC queue full, and the vendor codes 87 / 88 for
 * flow control listed in Unicom's SGIP 1.3 document). Permanent: the message itself is at fault and
 * would fail on any channel (bad format or length, a number that is not a mobile, a handset that
 * cannot take SMS, an unknown user, an illegal device). Everything else — login and connection
 * states, routing, a user out of reach, system failure, codes outside the table — is transient:
 * worth resending, maybe elsewhere.
 */
const failureKinds: Readonly<Partial<Record<number, Failure>>> = {
  [SgipResult.NODE_BUSY]: 'throttled',
  [SgipResult.FLOW_LIMIT_EXCEEDED]: 'throttled',
  87: 'throttled',
  [SgipResult.FLOW_CONTROL_ERROR]: 'throttled',
  [SgipResult.BAD_PARAMETER_FORMAT]: 'permanent',
  [SgipResult.ILLEGAL_MOBILE_NUMBER]: 'permanent',
  [SgipResult.BAD_MESSAGE_LENGTH]: 'permanent',
  [SgipResult.HANDSET_NO_SMS]: 'permanent',
  [SgipResult.UNKNOWN_USER]: 'permanent',
  [SgipResult.ILLEGAL_DEVICE]: 'permanent',
};

export function classifySubmitResult(result: number, carrierMessageId: string): SubmitOutcome {
  if (result === SgipResult.OK) return { ok: true, carrierMessageId };
  return { ok: false, kind: failureKinds[result] ?? 'transient', status: result, reason: describeResult(result) };
}
