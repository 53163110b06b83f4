/** SMGP RequestIDs (SMGP 3.0 spec §6.1.2, reference §3.1, go_smgp constants.go). */
export const SmgpCommandId = {
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
  query: 0x00000007,
  query_resp: 0x80000007,
  query_te_route: 0x00000008,
  query_te_route_resp: 0x80000008,
  query_sp_route: 0x00000009,
  query_sp_route_resp: 0x80000009,
  payment_request: 0x0000000a,
  payment_request_resp: 0x8000000a,
  payment_affirm: 0x0000000b,
  payment_affirm_resp: 0x8000000b,
  query_userstate: 0x0000000c,
  query_userstate_resp: 0x8000000c,
  get_all_te_route: 0x0000000d,
  get_all_te_route_resp: 0x8000000d,
  get_all_sp_route: 0x0000000e,
  get_all_sp_route_resp: 0x8000000e,
  update_te_route: 0x0000000f,
  update_te_route_resp: 0x8000000f,
  update_sp_route: 0x00000010,
  update_sp_route_resp: 0x80000010,
  push_update_te_route: 0x00000011,
  push_update_te_route_resp: 0x80000011,
  push_update_sp_route: 0x00000012,
  push_update_sp_route_resp: 0x80000012,
} as const;

export type SmgpCommandName = keyof typeof SmgpCommandId;

const namesById = new Map<number, SmgpCommandName>(
  (Object.entries(SmgpCommandId) as [SmgpCommandName, number][]).map(([name, id]) => [id, name]),
);

export function smgpCommandName(id: number): SmgpCommandName | undefined {
  return namesById.get(id);
}
