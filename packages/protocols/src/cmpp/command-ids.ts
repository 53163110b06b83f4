/**
 * CMPP Command_Id values (reference §1.2; identical in 2.0 and 3.0). A response id is the request
 * id with the top bit set.
 */
export const CommandId = {
  CONNECT: 0x00000001,
  CONNECT_RESP: 0x80000001,
  TERMINATE: 0x00000002,
  TERMINATE_RESP: 0x80000002,
  SUBMIT: 0x00000004,
  SUBMIT_RESP: 0x80000004,
  DELIVER: 0x00000005,
  DELIVER_RESP: 0x80000005,
  QUERY: 0x00000006,
  QUERY_RESP: 0x80000006,
  CANCEL: 0x00000007,
  CANCEL_RESP: 0x80000007,
  ACTIVE_TEST: 0x00000008,
  ACTIVE_TEST_RESP: 0x80000008,
  // The commands below run between gateways (ISMG↔ISMG) or between a gateway and the GNS route
  // server; an SP never sees them. They are named so a decode error can say what arrived.
  FWD: 0x00000009,
  FWD_RESP: 0x80000009,
  MT_ROUTE: 0x00000010,
  MT_ROUTE_RESP: 0x80000010,
  MO_ROUTE: 0x00000011,
  MO_ROUTE_RESP: 0x80000011,
  GET_MT_ROUTE: 0x00000012,
  GET_MT_ROUTE_RESP: 0x80000012,
  MT_ROUTE_UPDATE: 0x00000013,
  MT_ROUTE_UPDATE_RESP: 0x80000013,
  MO_ROUTE_UPDATE: 0x00000014,
  MO_ROUTE_UPDATE_RESP: 0x80000014,
  PUSH_MT_ROUTE_UPDATE: 0x00000015,
  PUSH_MT_ROUTE_UPDATE_RESP: 0x80000015,
  PUSH_MO_ROUTE_UPDATE: 0x00000016,
  PUSH_MO_ROUTE_UPDATE_RESP: 0x80000016,
  GET_MO_ROUTE: 0x00000017,
  GET_MO_ROUTE_RESP: 0x80000017,
} as const;

export type CommandIdName = keyof typeof CommandId;

const RESPONSE_BIT = 0x80000000;

export function isResponseId(commandId: number): boolean {
  return (commandId & RESPONSE_BIT) !== 0;
}

/** The response id for a request id (CONNECT → CONNECT_RESP …). */
export function responseIdOf(requestId: number): number {
  return (requestId | RESPONSE_BIT) >>> 0;
}

/**
 * Gateway-to-gateway and route-server commands: decoding one fails with a DecodeError that carries
 * the command id and says it is not an SP command, rather than "unknown command".
 */
export function isInterGatewayCommand(commandId: number): boolean {
  const request = (commandId & ~RESPONSE_BIT) >>> 0;
  return request === CommandId.FWD || (request >= CommandId.MT_ROUTE && request <= CommandId.GET_MO_ROUTE);
}

export function commandName(commandId: number): string {
  for (const [name, id] of Object.entries(CommandId)) {
    if (id === commandId) return name;
  }
  return `0x${commandId.toString(16).padStart(8, '0')}`;
}
