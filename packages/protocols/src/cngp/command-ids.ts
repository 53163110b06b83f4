/**
 * CNGP 2.0 Command_Ids (reference §4.1). Login … Exit agree in every source read: netty-codec-sms
 * CngpConst.java, RongDi cngp_packet.h, Huawei CNGPConstant, LeadTone CNGPCommandID, cngp-zig
 * constant.zig. 0x00000005 is Forward in Huawei's CNGPConstant and wujunjenny/smgw cngpdef.h
 * (CNGP_FWD_SM) — gateway-to-gateway traffic, as in SMGP; payment / user-state ids from
 * wujunjenny/smgw cngpdef.h only.
 */
export const CngpCommandId = {
  login: 0x00000001,
  login_resp: 0x80000001,
  submit: 0x00000002,
  submit_resp: 0x80000002,
  deliver: 0x00000003,
  deliver_resp: 0x80000003,
  active_test: 0x00000004,
  active_test_resp: 0x80000004,
  forward: 0x00000005,
  forward_resp: 0x80000005,
  exit: 0x00000006,
  exit_resp: 0x80000006,
  payment_request: 0x0000000a,
  payment_request_resp: 0x8000000a,
  query_userstate: 0x0000000c,
  query_userstate_resp: 0x8000000c,
} as const;

export type CngpCommandName = keyof typeof CngpCommandId;

const namesById = new Map<number, CngpCommandName>(
  (Object.entries(CngpCommandId) as [CngpCommandName, number][]).map(([name, id]) => [id, name]),
);

export function cngpCommandName(id: number): CngpCommandName | undefined {
  return namesById.get(id);
}
