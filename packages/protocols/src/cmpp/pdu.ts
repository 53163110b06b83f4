/**
 * CMPP 2.0 / 3.0 PDUs as one discriminated union on `command`. Both versions share these types;
 * fields that exist only in 3.0 are optional (a 2.0 decode leaves them out, a 2.0 encode refuses
 * them when set to anything but their empty value). Field names are the spec's, in camelCase.
 */

/** 0x20 = CMPP 2.0, 0x30 = CMPP 3.0 (the Version byte of CONNECT). */
export type CmppVersion = 0x20 | 0x30;

interface Header {
  /** Sequence_Id: uint32, +1 per request, echoed by the response. */
  sequence: number;
}

export interface CmppConnect extends Header {
  readonly command: 'connect';
  /** SP_Id (企业代码), 6 characters. */
  sourceAddr: string;
  /** MD5(Source_Addr ‖ 9 × 0x00 ‖ secret ‖ timestamp), 16 bytes. */
  authenticatorSource: Buffer;
  /** Version the client speaks (0x20, 0x21, 0x30 …). */
  version: number;
  /** MMDDHHMMSS as a decimal number, e.g. 1021080510. */
  timestamp: number;
}

export interface CmppConnectResp extends Header {
  readonly command: 'connect_resp';
  status: number;
  /** MD5(Status ‖ AuthenticatorSource ‖ secret); zeros on refusal. */
  authenticatorIsmg: Buffer;
  /** Highest version the gateway supports. */
  version: number;
}

export interface CmppTerminate extends Header {
  readonly command: 'terminate';
}

export interface CmppTerminateResp extends Header {
  readonly command: 'terminate_resp';
}

export interface CmppSubmit extends Header {
  readonly command: 'submit';
  /** The SP sends 0; the gateway assigns the id in SUBMIT_RESP. */
  msgId: bigint;
  pkTotal: number;
  pkNumber: number;
  /** 0 no report, 1 report wanted (2.0 also had 2 = SMC bill). */
  registeredDelivery: number;
  msgLevel: number;
  serviceId: string;
  /** 0 charge destination, 1 source, 2 SP, 3 the Fee_terminal_Id. */
  feeUserType: number;
  feeTerminalId: string;
  /** 3.0 only: 0 real number, 1 pseudo. */
  feeTerminalType?: number;
  tpPid: number;
  tpUdhi: number;
  msgFmt: number;
  /** SP_Id. */
  msgSrc: string;
  /** "01" free, "02" per message, "03" monthly (2.0 also 04 / 05). */
  feeType: string;
  /** Fee in fen (分). */
  feeCode: string;
  /** "YYMMDDhhmmsstnnp" or empty. */
  validTime: string;
  atTime: string;
  /** SP service code / long number shown as the sender. */
  srcId: string;
  /** Dest_terminal_Id list; DestUsr_tl is its length. */
  destTerminalIds: string[];
  /** 3.0 only: 0 real, 1 pseudo. */
  destTerminalType?: number;
  /** Msg_Content, including the UDH when tpUdhi = 1; Msg_Length is its length. */
  msgContent: Buffer;
  /** 3.0 only (2.0 has 8 reserved bytes in its place). */
  linkId?: string;
}

export interface CmppSubmitResp extends Header {
  readonly command: 'submit_resp';
  msgId: bigint;
  result: number;
}

/** The status-report block carried in a DELIVER's Msg_Content (reference §1.8). */
export interface CmppStatusReport {
  /** The Msg_Id the gateway returned in SUBMIT_RESP. */
  msgId: bigint;
  /** DELIVRD, UNDELIV, … or a 7-character code such as MA:0001. */
  stat: string;
  /** YYMMDDHHMM. */
  submitTime: string;
  doneTime: string;
  destTerminalId: string;
  smscSequence: number;
  /**
   * Block size on the wire: 60 (21-byte Dest_terminal_Id, CMPP 2.0 and some 3.0 gateways) or 71
   * (32-byte, CMPP 3.0 spec). Defaults to the session version's own size on encode.
   */
  blockLength?: 60 | 71;
}

interface DeliverFields extends Header {
  readonly command: 'deliver';
  msgId: bigint;
  /** The SP number the subscriber sent to (MO) or the SP number of the MT (report). */
  destId: string;
  serviceId: string;
  tpPid: number;
  tpUdhi: number;
  msgFmt: number;
  srcTerminalId: string;
  /** 3.0 only. */
  srcTerminalType?: number;
  /** 3.0 only. */
  linkId?: string;
}

export interface CmppDeliverMessage extends DeliverFields {
  registeredDelivery: 0;
  msgContent: Buffer;
}

export interface CmppDeliverReport extends DeliverFields {
  registeredDelivery: 1;
  report: CmppStatusReport;
}

export type CmppDeliver = CmppDeliverMessage | CmppDeliverReport;

export interface CmppDeliverResp extends Header {
  readonly command: 'deliver_resp';
  msgId: bigint;
  result: number;
}

export interface CmppQuery extends Header {
  readonly command: 'query';
  /** YYYYMMDD. */
  time: string;
  /** 0 totals, 1 by service (Query_Code). */
  queryType: number;
  queryCode: string;
  reserve: string;
}

export interface CmppQueryResp extends Header {
  readonly command: 'query_resp';
  time: string;
  queryType: number;
  queryCode: string;
  mtTlMsg: number;
  mtTlUsr: number;
  mtScs: number;
  mtWt: number;
  mtFl: number;
  moScs: number;
  moWt: number;
  moFl: number;
}

export interface CmppCancel extends Header {
  readonly command: 'cancel';
  msgId: bigint;
}

export interface CmppCancelResp extends Header {
  readonly command: 'cancel_resp';
  /** 0 ok, 1 failed. */
  successId: number;
}

export interface CmppActiveTest extends Header {
  readonly command: 'active_test';
}

export interface CmppActiveTestResp extends Header {
  readonly command: 'active_test_resp';
  reserved: number;
}

export type CmppPdu =
  | CmppConnect
  | CmppConnectResp
  | CmppTerminate
  | CmppTerminateResp
  | CmppSubmit
  | CmppSubmitResp
  | CmppDeliver
  | CmppDeliverResp
  | CmppQuery
  | CmppQueryResp
  | CmppCancel
  | CmppCancelResp
  | CmppActiveTest
  | CmppActiveTestResp;

export type CmppCommand = CmppPdu['command'];

export type CmppRequest = Extract<
  CmppPdu,
  { command: 'connect' | 'terminate' | 'submit' | 'deliver' | 'query' | 'cancel' | 'active_test' }
>;
