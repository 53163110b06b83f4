import type { RejectReason } from '../engine/protocol.js';

/**
 * Status codes of Login_Resp / Submit_Resp / Deliver_Resp (SMGP 3.0 spec §6.2.6, reference §3.8,
 * go_smgp status.go). CNGP uses the same numbers in its header Command_Status: the one gateway
 * source found (wujunjenny/smgw smsapp/ErrFuncs.cpp ToCNGPErrorCode) maps to 2, 20, 21, 32, 33,
 * 39 … exactly as its SMGP table does.
 */
export const SmgpStatus = {
  ok: 0,
  systemBusy: 1,
  tooManyConnections: 2,
  badMessageStructure: 10,
  badCommandId: 11,
  duplicateSequence: 12,
  badIpAddress: 20,
  authenticationFailed: 21,
  versionTooHigh: 22,
  badMsgType: 30,
  badPriority: 31,
  badFeeType: 32,
  badFeeCode: 33,
  badMsgFormat: 34,
  badTimeFormat: 35,
  badMsgLength: 36,
  validityExpired: 37,
  badQueryType: 38,
  routingError: 39,
  badFixedFee: 40,
  badUpdateType: 41,
  badRouteId: 42,
  badServiceId: 43,
  badValidTime: 44,
  badAtTime: 45,
  badSrcTermId: 46,
  badDestTermId: 47,
  badChargeTermId: 48,
  badSpCode: 49,
  badSrcGatewayId: 56,
  badQueryTermId: 57,
  noMatchingRoute: 58,
  badSpType: 59,
  badLastRouteId: 60,
  badRouteType: 61,
  badDestGatewayId: 62,
  badDestGatewayIp: 63,
  badDestGatewayPort: 64,
  badTermRangeId: 65,
  badProvinceCode: 66,
  badUserType: 67,
  routeUpdateUnsupported: 68,
  badSpId: 69,
  badSpAccessType: 70,
  routeUpdateFailed: 71,
  badTime: 72,
  badMServiceId: 73,
  spForbiddenHours: 74,
  spDailyVolumeExceeded: 75,
  spAccountExpired: 76,
} as const;

export type SmgpStatusName = keyof typeof SmgpStatus;

const descriptions = new Map<number, string>([
  [0, 'ok'],
  [1, 'system busy'],
  [2, 'too many connections'],
  [10, 'bad message structure'],
  [11, 'bad command id'],
  [12, 'duplicate sequence id'],
  [20, 'bad IP address'],
  [21, 'authentication failed'],
  [22, 'version too high'],
  [30, 'bad MsgType'],
  [31, 'bad Priority'],
  [32, 'bad FeeType'],
  [33, 'bad FeeCode'],
  [34, 'bad MsgFormat'],
  [35, 'bad time format'],
  [36, 'bad MsgLength'],
  [37, 'validity period expired'],
  [38, 'bad QueryType'],
  [39, 'routing error'],
  [40, 'bad FixedFee'],
  [41, 'bad UpdateType'],
  [42, 'bad RouteId'],
  [43, 'bad ServiceId'],
  [44, 'bad ValidTime'],
  [45, 'bad AtTime'],
  [46, 'bad SrcTermID'],
  [47, 'bad DestTermID'],
  [48, 'bad ChargeTermID'],
  [49, 'bad SP code'],
  [56, 'bad source gateway id'],
  [57, 'bad QueryTermID'],
  [58, 'no matching route'],
  [59, 'bad SP type'],
  [60, 'bad last route id'],
  [61, 'bad route type'],
  [62, 'bad destination gateway id'],
  [63, 'bad destination gateway IP'],
  [64, 'bad destination gateway port'],
  [65, 'bad number range'],
  [66, 'bad province code'],
  [67, 'bad user type'],
  [68, 'route update not supported'],
  [69, 'bad SP id'],
  [70, 'bad SP access type'],
  [71, 'route update failed'],
  [72, "bad time (at login: the timestamp is too far from the gateway's clock, which reads Beijing time)"],
  [73, 'bad MServiceID'],
  [74, 'SP may not send at this hour'],
  [75, 'SP daily volume exceeded'],
  [76, 'SP account expired'],
]);

export function describeSmgpStatus(status: number): string {
  return descriptions.get(status) ?? (status >= 128 && status <= 255 ? `vendor status ${status}` : `status ${status}`);
}

/**
 * What a failed submit means for the message (DESIGN.md "Channel scheduling" §4–5):
 * - throttled: 1 system busy — SMGP has no separate flow-control code, and gateways answer 1 when
 *   the SP sends faster than its contract allows.
 * - permanent: the message itself is bad (fields, length, format, numbers, expired validity) —
 *   resending it anywhere gives the same answer.
 * - transient: everything else — the channel's own state (connections, auth, version, SP quota,
 *   forbidden hours, account, routing on this gateway) or a code we do not know; another channel
 *   or a later try may succeed.
 */
const permanentStatuses: ReadonlySet<number> = new Set([
  10, 11, 30, 31, 32, 33, 34, 35, 36, 37, 40, 43, 44, 45, 46, 47, 48, 49, 69, 73,
]);

export function classifySmgpStatus(status: number): 'throttled' | 'transient' | 'permanent' {
  if (status === SmgpStatus.systemBusy) return 'throttled';
  return permanentStatuses.has(status) ? 'permanent' : 'transient';
}

/** Status a gateway answers for a generic refusal (Protocol.reject); CNGP shares it. */
export function smgpStatusForReject(reason: RejectReason): number {
  switch (reason) {
    case 'unsupported':
      return SmgpStatus.badCommandId;
    case 'not-bound':
      return SmgpStatus.authenticationFailed;
    case 'already-bound':
      return SmgpStatus.tooManyConnections;
    case 'throttled':
    case 'queue-full':
    case 'system-error':
      return SmgpStatus.systemBusy;
    case 'invalid-destination':
      return SmgpStatus.badDestTermId;
    case 'invalid-source':
      return SmgpStatus.badSrcTermId;
    case 'invalid-message':
      return SmgpStatus.badMsgLength;
  }
}
