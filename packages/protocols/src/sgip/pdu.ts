import type { SgipSequence } from './sequence.js';

/**
 * SGIP 1.2 PDUs as a union on `command` (reference §2.3–§2.7). Every PDU carries its 12-byte
 * sequence; the session engine replaces it when it sends a request. Reserve fields are written
 * as zeros and ignored on reading, so they are not part of the types.
 */
export type SgipPdu =
  | SgipBind
  | SgipBindResp
  | SgipUnbind
  | SgipUnbindResp
  | SgipSubmit
  | SgipSubmitResp
  | SgipDeliver
  | SgipDeliverResp
  | SgipReport
  | SgipReportResp
  | SgipUserRpt
  | SgipUserRptResp
  | SgipCheckUser
  | SgipCheckUserResp
  | SgipTrace
  | SgipTraceResp;

export type SgipCommand = SgipPdu['command'];

/** Bind LoginType (reference §2.3). */
export const LoginType = {
  /** SP connects to the SMG to send SUBMIT. */
  SP_TO_SMG: 1,
  /** SMG connects to the SP to send DELIVER, REPORT and USERRPT. */
  SMG_TO_SP: 2,
  SMG_TO_SMG: 3,
  SMG_TO_GNS: 4,
  GNS_TO_SMG: 5,
  GNS_TO_GNS: 6,
  /** Test / trace connection. */
  TRACE: 11,
} as const;

/** SUBMIT FeeType. */
export const FeeType = {
  /** No information fee; the record only offsets the SP's channel fee. */
  NONE: 0,
  FREE: 1,
  PER_MESSAGE: 2,
  MONTHLY: 3,
  /** Fee collected by the SP itself. */
  BY_SP: 4,
} as const;

/** SUBMIT AgentFlag. */
export const AgentFlag = { SHOULD_COLLECT: 0, COLLECTED: 1 } as const;

/** SUBMIT MorelatetoMTFlag: how this MT relates to an MO. */
export const MorelatetoMTFlag = {
  FIRST_MT_FOR_MO: 0,
  FURTHER_MT_FOR_MO: 1,
  NOT_CAUSED_BY_MO: 2,
  SYSTEM_FEEDBACK: 3,
} as const;

/** SUBMIT ReportFlag. */
export const ReportFlag = {
  /** The spec's default: a report only when delivery fails. */
  ON_FAILURE: 0,
  ALWAYS: 1,
  NEVER: 2,
  /** Monthly-billing-only message (not delivered), report wanted. */
  BILLING_ONLY: 3,
} as const;

/** MessageCoding values (reference §1.9, shared with CMPP Msg_Fmt). */
export const MessageCoding = {
  ASCII: 0,
  CARD_WRITE: 3,
  BINARY: 4,
  UCS2: 8,
  GBK: 15,
} as const;

/** SUBMIT MessageType: 0 is the only value the spec defines (short message). */
export const MessageType = { SMS: 0 } as const;

/** REPORT ReportType. */
export const ReportType = { SUBMIT: 0, FORWARDED_DELIVER: 1 } as const;

/** REPORT State. */
export const ReportState = { DELIVERED: 0, WAITING: 1, FAILED: 2 } as const;

/** USERRPT UserCondition (and CHECKUSER_RESP Status). */
export const UserCondition = { DEREGISTERED: 0, SUSPENDED: 1, NORMAL: 2 } as const;

/** SUBMIT UserCount range (reference §2.4). */
export const MAX_USER_COUNT = 100;

interface Sequenced {
  /** Replaced by the session's sequencer when the PDU is sent as a request. */
  sequence: SgipSequence;
}

export interface SgipBind extends Sequenced {
  readonly command: 'bind';
  readonly loginType: number;
  readonly loginName: string;
  readonly loginPassword: string;
}

/** The generic SGIP response body: Result + 8 reserved bytes. */
interface ResultResp extends Sequenced {
  readonly result: number;
}

export interface SgipBindResp extends ResultResp {
  readonly command: 'bind_resp';
}

export interface SgipUnbind extends Sequenced {
  readonly command: 'unbind';
}

export interface SgipUnbindResp extends Sequenced {
  readonly command: 'unbind_resp';
}

export interface SgipSubmit extends Sequenced {
  readonly command: 'submit';
  /** SP access number shown as the sender (up to 21 characters). */
  readonly spNumber: string;
  /** "86"+payer; empty: the recipient pays; 21 × '0': the SP pays. */
  readonly chargeNumber: string;
  /** Recipients with the "86" prefix, 1–100. */
  readonly userNumbers: readonly string[];
  readonly corpId: string;
  readonly serviceType: string;
  readonly feeType: number;
  /** Fee in fen as text, 0–99999. */
  readonly feeValue: string;
  readonly givenValue: string;
  readonly agentFlag: number;
  readonly morelatetoMTFlag: number;
  /** 0–9. */
  readonly priority: number;
  /** "yymmddhhmmsstnnp", empty for the SMSC default. */
  readonly expireTime: string;
  /** Same format, empty for now. */
  readonly scheduleTime: string;
  readonly reportFlag: number;
  readonly tpPid: number;
  readonly tpUdhi: number;
  readonly messageCoding: number;
  readonly messageType: number;
  /** Content including the UDH when tpUdhi = 1. */
  readonly messageContent: Buffer;
}

export interface SgipSubmitResp extends ResultResp {
  readonly command: 'submit_resp';
}

export interface SgipDeliver extends Sequenced {
  readonly command: 'deliver';
  /** Sender with the "86" prefix. */
  readonly userNumber: string;
  /** Number the subscriber sent to. */
  readonly spNumber: string;
  readonly tpPid: number;
  readonly tpUdhi: number;
  readonly messageCoding: number;
  readonly messageContent: Buffer;
}

export interface SgipDeliverResp extends ResultResp {
  readonly command: 'deliver_resp';
}

export interface SgipReport extends Sequenced {
  readonly command: 'report';
  /** The sequence of the SUBMIT (or forwarded DELIVER) this report is about. */
  readonly submitSequence: SgipSequence;
  readonly reportType: number;
  /** The recipient this report is for (a bulk SUBMIT gets one report per number). */
  readonly userNumber: string;
  readonly state: number;
  /** Error code when state is FAILED, else 0. */
  readonly errorCode: number;
}

export interface SgipReportResp extends ResultResp {
  readonly command: 'report_resp';
}

export interface SgipUserRpt extends Sequenced {
  readonly command: 'userrpt';
  readonly spNumber: string;
  readonly userNumber: string;
  readonly userCondition: number;
}

export interface SgipUserRptResp extends ResultResp {
  readonly command: 'userrpt_resp';
}

export interface SgipCheckUser extends Sequenced {
  readonly command: 'checkuser';
  readonly userName: string;
  readonly password: string;
  readonly userNumber: string;
}

export interface SgipCheckUserResp extends ResultResp {
  readonly command: 'checkuser_resp';
  readonly status: number;
}

export interface SgipTrace extends Sequenced {
  readonly command: 'trace';
  readonly submitSequence: SgipSequence;
  readonly userNumber: string;
}

/** One node a traced message passed through. */
export interface SgipTraceHop {
  readonly result: number;
  /** 6-byte node id as text. */
  readonly nodeId: string;
  /** "yymmddhhmmss" (16-byte field). */
  readonly receiveTime: string;
  readonly sendTime: string;
}

export interface SgipTraceResp extends Sequenced {
  readonly command: 'trace_resp';
  readonly hops: readonly SgipTraceHop[];
}

/** Requests whose response is the generic Result + Reserve body. */
export type SgipResultRequest = SgipBind | SgipSubmit | SgipDeliver | SgipReport | SgipUserRpt;
