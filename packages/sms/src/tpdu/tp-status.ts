/**
 * TP-Status (3GPP TS 23.040 §9.2.3.15): what became of a submitted message, in four ranges —
 * transaction completed (0x00–0x1F), temporary error with the SC still trying (0x20–0x3F),
 * permanent error (0x40–0x5F), temporary error after which the SC gave up (0x60–0x7F). Bit 7 set
 * is reserved. Reserved and SC-specific values inside a range take that range's meaning.
 */
export const TP_STATUS = {
  receivedBySme: 0x00,
  forwardedUnconfirmed: 0x01,
  replacedBySc: 0x02,
  congestion: 0x20,
  smeBusy: 0x21,
  noResponseFromSme: 0x22,
  serviceRejected: 0x23,
  qualityOfServiceNotAvailable: 0x24,
  errorInSme: 0x25,
  remoteProcedureError: 0x40,
  incompatibleDestination: 0x41,
  connectionRejectedBySme: 0x42,
  notObtainable: 0x43,
  qualityOfServiceNotAvailablePermanent: 0x44,
  noInterworkingAvailable: 0x45,
  validityPeriodExpired: 0x46,
  deletedByOriginatingSme: 0x47,
  deletedByScAdministration: 0x48,
  messageDoesNotExist: 0x49,
  congestionGaveUp: 0x60,
  smeBusyGaveUp: 0x61,
  noResponseFromSmeGaveUp: 0x62,
  serviceRejectedGaveUp: 0x63,
  qualityOfServiceNotAvailableGaveUp: 0x64,
  errorInSmeGaveUp: 0x65,
} as const;

export type TpStatusRange = 'completed' | 'still-trying' | 'permanent-error' | 'gave-up' | 'reserved';

/**
 * The delivery states a TP-ST maps to: the same words as DeliveryState in @smshub/protocols
 * (which depends on this package, so cannot be imported here), and assignable to it.
 */
export type TpStatusState = 'DELIVRD' | 'EXPIRED' | 'DELETED' | 'UNDELIV' | 'ENROUTE' | 'UNKNOWN';

export function tpStatusRange(status: number): TpStatusRange {
  if (status >= 0x80) return 'reserved';
  if (status < 0x20) return 'completed';
  if (status < 0x40) return 'still-trying';
  if (status < 0x60) return 'permanent-error';
  return 'gave-up';
}

/**
 * The delivery state of a TP-ST. Completed counts as delivered, "forwarded but unconfirmed"
 * included (the SC will say no more), except a message the SC replaced with a newer one
 * (DELETED). The SC still trying is ENROUTE (not final). Errors are UNDELIV except expiry
 * (EXPIRED) and deletion by the sender or the SC's operator (DELETED). Reserved values: UNKNOWN.
 */
export function tpStatusState(status: number): TpStatusState {
  switch (status) {
    case TP_STATUS.replacedBySc:
    case TP_STATUS.deletedByOriginatingSme:
    case TP_STATUS.deletedByScAdministration:
      return 'DELETED';
    case TP_STATUS.validityPeriodExpired:
      return 'EXPIRED';
  }
  switch (tpStatusRange(status)) {
    case 'completed':
      return 'DELIVRD';
    case 'still-trying':
      return 'ENROUTE';
    case 'permanent-error':
    case 'gave-up':
      return 'UNDELIV';
    case 'reserved':
      return 'UNKNOWN';
  }
}
