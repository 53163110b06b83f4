/**
 * SGIP 1.2 Command_ID values (reference §2.2). A response id is its request id with the top bit
 * set. Only the commands an SP or an SMG simulator exchanges are decoded; the SMG↔GNS
 * administration commands (ADDSP … DELETESMG, QUERYROUTE) are named so logs and DecodeErrors
 * can say what arrived, but have no body layout in our reference and are refused as unknown.
 */
export const SgipCommandId = {
  BIND: 0x00000001,
  BIND_RESP: 0x80000001,
  UNBIND: 0x00000002,
  UNBIND_RESP: 0x80000002,
  SUBMIT: 0x00000003,
  SUBMIT_RESP: 0x80000003,
  DELIVER: 0x00000004,
  DELIVER_RESP: 0x80000004,
  REPORT: 0x00000005,
  REPORT_RESP: 0x80000005,
  ADDSP: 0x00000006,
  MODIFYSP: 0x00000007,
  DELETESP: 0x00000008,
  QUERYROUTE: 0x00000009,
  ADDTELESEG: 0x0000000a,
  MODIFYTELESEG: 0x0000000b,
  DELETETELESEG: 0x0000000c,
  ADDSMG: 0x0000000d,
  MODIFYSMG: 0x0000000e,
  DELETESMG: 0x0000000f,
  CHECKUSER: 0x00000010,
  CHECKUSER_RESP: 0x80000010,
  USERRPT: 0x00000011,
  USERRPT_RESP: 0x80000011,
  TRACE: 0x00001000,
  TRACE_RESP: 0x80001000,
} as const;

export type SgipCommandIdValue = (typeof SgipCommandId)[keyof typeof SgipCommandId];

/** Every carrier protocol marks a response by the top bit of its command id. */
export const RESPONSE_BIT = 0x80000000;

export function isResponseId(commandId: number): boolean {
  return (commandId & RESPONSE_BIT) !== 0;
}
