import type { Tlv } from './tlv.js';

/**
 * SMGP PDUs: the SP-relevant operations of SMGP 3.0 (spec §5.2.2, reference §3.2–3.5). Forward,
 * route and payment operations are SMGW↔SMGW / billing traffic; the codec names them in a
 * DecodeError instead of decoding them. Text fields are strings (cut at the first NUL), content and
 * authenticators Buffers, MsgID the 10 raw bytes.
 */
export type SmgpVersion = 0x30 | 0x20;

interface Header {
  sequence: number;
}

export interface SmgpLogin extends Header {
  readonly command: 'login';
  readonly clientId: string;
  readonly authenticatorClient: Buffer;
  /** 0 send, 1 receive, 2 transmit (login-mode.ts). */
  readonly loginMode: number;
  /** Decimal MMDDHHMMSS. */
  readonly timestamp: number;
  readonly clientVersion: number;
}

export interface SmgpLoginResp extends Header {
  readonly command: 'login_resp';
  readonly status: number;
  readonly authenticatorServer: Buffer;
  readonly serverVersion: number;
}

export interface SmgpSubmit extends Header {
  readonly command: 'submit';
  /** 0 MO, 6 MT, 7 point-to-point. */
  readonly msgType: number;
  readonly needReport: number;
  readonly priority: number;
  readonly serviceId: string;
  readonly feeType: string;
  readonly feeCode: string;
  readonly fixedFee: string;
  readonly msgFormat: number;
  readonly validTime: string;
  readonly atTime: string;
  readonly srcTermId: string;
  readonly chargeTermId: string;
  readonly destTermIds: readonly string[];
  readonly msgContent: Buffer;
  readonly reserve: string;
  readonly tlvs: readonly Tlv[];
}

export interface SmgpSubmitResp extends Header {
  readonly command: 'submit_resp';
  readonly msgId: Buffer;
  readonly status: number;
}

export interface SmgpDeliver extends Header {
  readonly command: 'deliver';
  readonly msgId: Buffer;
  /** 0 MO message, 1 status report. */
  readonly isReport: number;
  readonly msgFormat: number;
  /** YYYYMMDDHHMMSS. */
  readonly recvTime: string;
  readonly srcTermId: string;
  readonly destTermId: string;
  readonly msgContent: Buffer;
  readonly reserve: string;
  readonly tlvs: readonly Tlv[];
}

export interface SmgpDeliverResp extends Header {
  readonly command: 'deliver_resp';
  readonly msgId: Buffer;
  readonly status: number;
}

export interface SmgpActiveTest extends Header {
  readonly command: 'active_test';
}
export interface SmgpActiveTestResp extends Header {
  readonly command: 'active_test_resp';
}
export interface SmgpExit extends Header {
  readonly command: 'exit';
}
export interface SmgpExitResp extends Header {
  readonly command: 'exit_resp';
}

export interface SmgpQuery extends Header {
  readonly command: 'query';
  /** YYYYMMDD. */
  readonly queryTime: string;
  /** 0 totals, 1 by service code. */
  readonly queryType: number;
  readonly queryCode: string;
}

export interface SmgpQueryResp extends Header {
  readonly command: 'query_resp';
  readonly queryTime: string;
  readonly queryType: number;
  readonly queryCode: string;
  readonly mtTlMsg: number;
  readonly mtTlUsr: number;
  readonly mtScs: number;
  readonly mtWt: number;
  readonly mtFl: number;
  readonly moScs: number;
  readonly moWt: number;
  readonly moFl: number;
  readonly reserve: string;
}

export type SmgpPdu =
  | SmgpLogin
  | SmgpLoginResp
  | SmgpSubmit
  | SmgpSubmitResp
  | SmgpDeliver
  | SmgpDeliverResp
  | SmgpActiveTest
  | SmgpActiveTestResp
  | SmgpExit
  | SmgpExitResp
  | SmgpQuery
  | SmgpQueryResp;

export type SmgpCommand = SmgpPdu['command'];
