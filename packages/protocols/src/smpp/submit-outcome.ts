import type { SubmitOutcome } from '../dialect.js';
import { CommandStatus as S, describeCommandStatus } from './command-status.js';

export type FailureKind = 'throttled' | 'transient' | 'permanent';

/** Statuses that mean "slow down and send again" (3.4 table 5-2: throttling, full queue). */
const throttled: ReadonlySet<number> = new Set([S.ESME_RTHROTTLED, S.ESME_RMSGQFUL]);

/**
 * Statuses that the same PDU will always get again: the address, content or flags are wrong, or
 * the receiver refuses the message for good. Anything not listed (system errors, RX_T_APPN,
 * unknown and vendor codes) counts as transient, so an unknown code costs a retry, not a message.
 */
const permanent: ReadonlySet<number> = new Set([
  S.ESME_RINVMSGLEN,
  S.ESME_RINVCMDLEN,
  S.ESME_RINVCMDID,
  S.ESME_RINVPRTFLG,
  S.ESME_RINVREGDLVFLG,
  S.ESME_RINVSRCADR,
  S.ESME_RINVDSTADR,
  S.ESME_RINVSERTYP,
  S.ESME_RINVNUMDESTS,
  S.ESME_RINVDLNAME,
  S.ESME_RINVDESTFLAG,
  S.ESME_RINVSUBREP,
  S.ESME_RINVESMCLASS,
  S.ESME_RCNTSUBDL,
  S.ESME_RINVSRCTON,
  S.ESME_RINVSRCNPI,
  S.ESME_RINVDSTTON,
  S.ESME_RINVDSTNPI,
  S.ESME_RINVREPFLAG,
  S.ESME_RINVNUMMSGS,
  S.ESME_RINVSCHED,
  S.ESME_RINVEXPIRY,
  S.ESME_RINVDFTMSGID,
  S.ESME_RX_P_APPN,
  S.ESME_RX_R_APPN,
  S.ESME_RINVTLVSTREAM,
  S.ESME_RTLVNOTALLWD,
  S.ESME_RINVTLVLEN,
  S.ESME_RMISSINGTLV,
  S.ESME_RINVTLVVAL,
  S.ESME_RSERTYPUNAUTH,
  S.ESME_RPROHIBITED,
  S.ESME_RSERTYPDENIED,
  S.ESME_RINVDCS,
  S.ESME_RINVSRCADDRSUBUNIT,
  S.ESME_RINVDSTADDRSUBUNIT,
]);

export function classifySubmitStatus(status: number): FailureKind {
  if (throttled.has(status)) return 'throttled';
  if (permanent.has(status)) return 'permanent';
  return 'transient';
}

export function failedOutcome(status: number, context: string): SubmitOutcome {
  return {
    ok: false,
    kind: classifySubmitStatus(status),
    status,
    reason: `${context}: ${describeCommandStatus(status)}`,
  };
}
