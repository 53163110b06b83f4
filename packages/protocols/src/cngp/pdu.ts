import type { Tlv } from '../smgp/tlv.js';

/**
 * CNGP 2.0 PDUs (reference §4.2). Unlike SMGP the result of a response travels in the header's
 * Command_Status, so every response carries `status`; requests send 0 there.
 */
interface Header {
  sequence: number;
}

export interface CngpLogin extends Header {
  readonly command: 'login';
  readonly clientId: string;
  readonly authenticatorClient: Buffer;
  readonly loginMode: number;
  readonly timestamp: number;
  readonly version: number;
}

export interface CngpLoginResp extends Header {
  readonly command: 'login_resp';
  readonly status: number;
  readonly authenticatorServer: Buffer;
  readonly version: number;
}

export interface CngpSubmit extends Header {
  readonly command: 'submit';
  readonly spId: string;
  /** 0 cancel subscription, 1 subscribe / on-demand request, 2 on-demand MT, 3 subscription MT. */
  readonly subType: number;
  readonly needReport: number;
  readonly priority: number;
  readonly serviceId: string;
  readonly feeType: string;
  /** 0 destination, 1 source, 2 SP, 3 ChargeTermID. */
  readonly feeUserType: number;
  readonly feeCode: string;
  readonly msgFormat: number;
  readonly validTime: string;
  readonly atTime: string;
  readonly srcTermId: string;
  readonly chargeTermId: string;
  readonly destTermIds: readonly string[];
  readonly msgContent: Buffer;
  readonly tlvs: readonly Tlv[];
}

export interface CngpSubmitResp extends Header {
  readonly command: 'submit_resp';
  readonly status: number;
  readonly msgId: Buffer;
  readonly tlvs: readonly Tlv[];
}

export interface CngpDeliver extends Header {
  readonly command: 'deliver';
  readonly msgId: Buffer;
  readonly isReport: number;
  readonly msgFormat: number;
  readonly recvTime: string;
  readonly srcTermId: string;
  readonly destTermId: string;
  readonly msgContent: Buffer;
  readonly tlvs: readonly Tlv[];
}

export interface CngpDeliverResp extends Header {
  readonly command: 'deliver_resp';
  readonly status: number;
  readonly msgId: Buffer;
  readonly tlvs: readonly Tlv[];
}

export interface CngpActiveTest extends Header {
  readonly command: 'active_test';
}
export interface CngpActiveTestResp extends Header {
  readonly command: 'active_test_resp';
  readonly status: number;
}
export interface CngpExit extends Header {
  readonly command: 'exit';
}
export interface CngpExitResp extends Header {
  readonly command: 'exit_resp';
  readonly status: number;
}

export type CngpPdu =
  | CngpLogin
  | CngpLoginResp
  | CngpSubmit
  | CngpSubmitResp
  | CngpDeliver
  | CngpDeliverResp
  | CngpActiveTest
  | CngpActiveTestResp
  | CngpExit
  | CngpExitResp;
