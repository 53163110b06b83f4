/**
 * Named CMPP status and result codes (reference §1.4, §1.6, §1.7, §1.11). The numbers are the same
 * in 2.0 and 3.0; only the field width differs (1 byte in 2.0, 4 bytes in 3.0, reference §1.12).
 */

/** CONNECT_RESP.Status. */
export const ConnectStatus = {
  OK: 0,
  BAD_STRUCTURE: 1,
  BAD_SOURCE_ADDR: 2,
  AUTH_FAILED: 3,
  VERSION_TOO_HIGH: 4,
  /** "≥ 5 other errors": the spec names no further codes. */
  OTHER: 5,
} as const;

/** SUBMIT_RESP.Result (spec 8.7.2: 0–99 reserved for the protocol, 100–199 vendor-defined). */
export const SubmitResult = {
  OK: 0,
  BAD_STRUCTURE: 1,
  BAD_COMMAND_ID: 2,
  DUPLICATE_SEQUENCE: 3,
  BAD_MSG_LENGTH: 4,
  BAD_FEE_CODE: 5,
  MSG_TOO_LONG: 6,
  BAD_SERVICE_ID: 7,
  FLOW_CONTROL: 8,
  FEE_NUMBER_NOT_SERVED: 9,
  BAD_SRC_ID: 10,
  BAD_MSG_SRC: 11,
  BAD_FEE_TERMINAL_ID: 12,
  BAD_DEST_TERMINAL_ID: 13,
  /**
   * smshub's own code in the vendor-defined range (100–199) for "the gateway failed, try again":
   * the spec has no transient "system error" result, and every one of 1–13 blames the message.
   */
  GATEWAY_ERROR: 100,
} as const;

/** DELIVER_RESP.Result. */
export const DeliverResult = {
  OK: 0,
  BAD_STRUCTURE: 1,
  BAD_COMMAND_ID: 2,
  DUPLICATE_SEQUENCE: 3,
  BAD_MSG_LENGTH: 4,
  BAD_FEE_CODE: 5,
  MSG_TOO_LONG: 6,
  BAD_SERVICE_ID: 7,
  FLOW_CONTROL: 8,
  /** "≥ 9 other errors". */
  OTHER: 9,
} as const;

/** CANCEL_RESP.Success_Id. */
export const CancelResult = {
  OK: 0,
  FAILED: 1,
} as const;

/** Registered_Delivery in a DELIVER: what Msg_Content carries. */
export const DeliverKind = {
  MESSAGE: 0,
  STATUS_REPORT: 1,
} as const;

/** Msg_Fmt values (reference §1.9). */
export const MsgFmt = {
  ASCII: 0,
  SIM_WRITE: 3,
  BINARY: 4,
  UCS2: 8,
  GBK: 15,
} as const;

const connectReasons: Record<number, string> = {
  [ConnectStatus.BAD_STRUCTURE]: 'bad message structure',
  [ConnectStatus.BAD_SOURCE_ADDR]: 'illegal source address (SP id)',
  [ConnectStatus.AUTH_FAILED]: 'authentication failed',
  [ConnectStatus.VERSION_TOO_HIGH]: 'version too high',
};

/** Readable text for a CONNECT_RESP status, for BindError and logs. */
export function connectStatusText(status: number): string {
  return connectReasons[status] ?? 'other error';
}

const submitReasons: Record<number, string> = {
  [SubmitResult.BAD_STRUCTURE]: 'bad message structure',
  [SubmitResult.BAD_COMMAND_ID]: 'bad command id',
  [SubmitResult.DUPLICATE_SEQUENCE]: 'duplicate sequence id',
  [SubmitResult.BAD_MSG_LENGTH]: 'bad message length',
  [SubmitResult.BAD_FEE_CODE]: 'bad fee code',
  [SubmitResult.MSG_TOO_LONG]: 'message too long',
  [SubmitResult.BAD_SERVICE_ID]: 'bad service id',
  [SubmitResult.FLOW_CONTROL]: 'flow control',
  [SubmitResult.FEE_NUMBER_NOT_SERVED]: 'this gateway does not serve the charged number',
  [SubmitResult.BAD_SRC_ID]: 'bad Src_Id',
  [SubmitResult.BAD_MSG_SRC]: 'bad Msg_src',
  [SubmitResult.BAD_FEE_TERMINAL_ID]: 'bad Fee_terminal_Id',
  [SubmitResult.BAD_DEST_TERMINAL_ID]: 'bad Dest_terminal_Id',
  [SubmitResult.GATEWAY_ERROR]: 'gateway error',
};

/** Readable text for a SUBMIT_RESP result. */
export function submitResultText(result: number): string {
  const known = submitReasons[result];
  if (known !== undefined) return known;
  return result >= 100 && result <= 199 ? `vendor-defined error ${result}` : `error ${result}`;
}
