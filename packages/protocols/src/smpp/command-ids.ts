/**
 * SMPP command ids (3.4 §5.1.2.1 table 5-1; 5.0 §4.7.5 table 4-44 adds the broadcast family).
 * A response's id is its request's id with the top bit set.
 */
export const CommandId = {
  generic_nack: 0x80000000,
  bind_receiver: 0x00000001,
  bind_receiver_resp: 0x80000001,
  bind_transmitter: 0x00000002,
  bind_transmitter_resp: 0x80000002,
  query_sm: 0x00000003,
  query_sm_resp: 0x80000003,
  submit_sm: 0x00000004,
  submit_sm_resp: 0x80000004,
  deliver_sm: 0x00000005,
  deliver_sm_resp: 0x80000005,
  unbind: 0x00000006,
  unbind_resp: 0x80000006,
  replace_sm: 0x00000007,
  replace_sm_resp: 0x80000007,
  cancel_sm: 0x00000008,
  cancel_sm_resp: 0x80000008,
  bind_transceiver: 0x00000009,
  bind_transceiver_resp: 0x80000009,
  outbind: 0x0000000b,
  enquire_link: 0x00000015,
  enquire_link_resp: 0x80000015,
  submit_multi: 0x00000021,
  submit_multi_resp: 0x80000021,
  alert_notification: 0x00000102,
  data_sm: 0x00000103,
  data_sm_resp: 0x80000103,
  broadcast_sm: 0x00000111,
  broadcast_sm_resp: 0x80000111,
  query_broadcast_sm: 0x00000112,
  query_broadcast_sm_resp: 0x80000112,
  cancel_broadcast_sm: 0x00000113,
  cancel_broadcast_sm_resp: 0x80000113,
} as const;

export type CommandName = keyof typeof CommandId;

/** Interface versions as bind's interface_version and sc_interface_version carry them. */
export type SmppVersion = 0x33 | 0x34 | 0x50;

export const RESPONSE_BIT = 0x80000000;

const namesById = new Map<number, CommandName>();
for (const name of Object.keys(CommandId) as CommandName[]) namesById.set(CommandId[name], name);

/** Commands a version does not define (3.3 lacks the 3.4 additions; only 5.0 has broadcast). */
const newIn34: ReadonlySet<CommandName> = new Set([
  'bind_transceiver',
  'bind_transceiver_resp',
  'outbind',
  'alert_notification',
  'data_sm',
  'data_sm_resp',
]);
const newIn50: ReadonlySet<CommandName> = new Set([
  'broadcast_sm',
  'broadcast_sm_resp',
  'query_broadcast_sm',
  'query_broadcast_sm_resp',
  'cancel_broadcast_sm',
  'cancel_broadcast_sm_resp',
]);

export function isCommandInVersion(name: CommandName, version: SmppVersion): boolean {
  if (newIn50.has(name)) return version >= 0x50;
  if (newIn34.has(name)) return version >= 0x34;
  return true;
}

/** The command a version defines under this id, or undefined. */
export function commandName(id: number, version: SmppVersion): CommandName | undefined {
  const name = namesById.get(id);
  return name !== undefined && isCommandInVersion(name, version) ? name : undefined;
}

export function isResponseId(id: number): boolean {
  return (id & RESPONSE_BIT) !== 0;
}
