/**
 * SGIP 1.2 status codes (reference §2.8, the spec's error code table). The same one-byte table
 * serves the Result of every response and the ErrorCode of REPORT: 1–20 normally appear in
 * responses, 21–33 in reports. Descriptions follow the spec's wording; the Chinese text of 0–33
 * is also quoted in yedamao/go_sgip sgip/protocol/constants.go and in Unicom's later SGIP 1.3
 * document (doc/SGIP-1.3.doc in bromine0x23/sgip, appendix error table), which both agree.
 */
export const SgipResult = {
  OK: 0,
  /** 非法登录: wrong login name or password. */
  ILLEGAL_LOGIN: 1,
  /** 重复登录: a second Bind on one connection. */
  REPEATED_LOGIN: 2,
  /** 连接过多: the node asks for too many simultaneous connections. */
  TOO_MANY_CONNECTIONS: 3,
  /** 登录类型错: Bind LoginType not allowed here. */
  BAD_LOGIN_TYPE: 4,
  /** 参数格式错: a value does not match its type or allowed range. */
  BAD_PARAMETER_FORMAT: 5,
  /** 非法手机号码: a number not in the mobile ranges, or without the "86" prefix. */
  ILLEGAL_MOBILE_NUMBER: 6,
  /** 消息ID错. */
  BAD_MESSAGE_ID: 7,
  /** 信息长度错. */
  BAD_MESSAGE_LENGTH: 8,
  /** 非法序列号: duplicate or malformed sequence number. */
  ILLEGAL_SEQUENCE: 9,
  /** 非法操作GNS. */
  ILLEGAL_GNS_OPERATION: 10,
  /** 节点忙: "this node's storage queue is full or it cannot serve for the moment". */
  NODE_BUSY: 11,
  /** 目的地址不可达: routed correctly, but the next node cannot serve now. */
  DESTINATION_UNREACHABLE: 21,
  /** 路由错. */
  ROUTING_ERROR: 22,
  /** 路由不存在. */
  ROUTE_NOT_FOUND: 23,
  /** 计费号码无效: billing authentication failed. */
  INVALID_CHARGE_NUMBER: 24,
  /** 用户不能通信: handset off or out of coverage. */
  USER_UNREACHABLE: 25,
  /** 手机内存不足. */
  HANDSET_MEMORY_FULL: 26,
  /** 手机不支持短消息. */
  HANDSET_NO_SMS: 27,
  /** 手机接收短消息出现错误. */
  HANDSET_RECEIVE_ERROR: 28,
  /** 不知道的用户. */
  UNKNOWN_USER: 29,
  /** 不提供此功能. */
  FUNCTION_NOT_PROVIDED: 30,
  /** 非法设备. */
  ILLEGAL_DEVICE: 31,
  /** 系统失败. */
  SYSTEM_FAILURE: 32,
  /**
   * 短信中心队列满 (SMSC queue full) in the 1.2 table. Unicom's revised table (SGIP 1.3 document,
   * table 5-2) gives 33 as 超过流量限制: "the sender's traffic within one second has reached its
   * limit, sending refused" — the flow-control refusal. Both readings tell the sender to slow
   * down, so this is what we answer a throttled request with.
   */
  FLOW_LIMIT_EXCEEDED: 33,
  /** 流控错误，流量超过最大限制: in the same document's 35–99 gateway-vendor range. */
  FLOW_CONTROL_ERROR: 88,
} as const;

export type SgipResultCode = (typeof SgipResult)[keyof typeof SgipResult];

const descriptions: Readonly<Record<number, string>> = {
  0: 'ok',
  1: 'illegal login (name or password)',
  2: 'repeated login on one connection',
  3: 'too many connections',
  4: 'bad login type',
  5: 'bad parameter format',
  6: 'illegal mobile number',
  7: 'bad message id',
  8: 'bad message length',
  9: 'illegal sequence number',
  10: 'illegal GNS operation',
  11: 'node busy',
  21: 'destination unreachable',
  22: 'routing error',
  23: 'route does not exist',
  24: 'invalid charge number',
  25: 'user cannot be reached',
  26: 'handset memory full',
  27: 'handset does not support SMS',
  28: 'handset receive error',
  29: 'unknown user',
  30: 'function not provided',
  31: 'illegal device',
  32: 'system failure',
  33: 'flow limit exceeded / SMSC queue full',
  87: 'flow control, resend',
  88: 'flow control error: traffic above the limit',
};

/** Readable text for a Result / ErrorCode, for errors and logs. */
export function describeResult(code: number): string {
  return descriptions[code] ?? `unknown result ${code}`;
}
