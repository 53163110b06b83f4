/**
 * GSM 03.40 / 3GPP TS 23.040 TPDUs as a modem exchanges them in PDU mode (TS 27.005): SMS-SUBMIT
 * out, SMS-DELIVER and SMS-STATUS-REPORT in, each with the service centre address in front and
 * as hex text. Pure: no clock, no I/O; every decoding failure is a TpduError.
 */
export { TpduError } from './tpdu-error.js';
export { TP_MTI } from './message-type.js';
export { formatAddress, NUMBERING_PLAN, phoneAddress, type TpAddress, type TypeOfNumber } from './address.js';
export type { ServiceCentreTime } from './timestamp.js';
export { relativeValidityMinutes, relativeValidityPeriod, type ValidityPeriod } from './validity-period.js';
export {
  dataCodingSchemeOf,
  readDataCodingScheme,
  TP_DCS,
  type Alphabet,
  type DataCodingScheme,
} from './data-coding-scheme.js';
export { MAX_USER_DATA_OCTETS, type DecodedUserData, type UserData } from './user-data.js';
export { TP_STATUS, tpStatusRange, tpStatusState, type TpStatusRange, type TpStatusState } from './tp-status.js';
export { encodeSubmit, type DecodedSubmit, type SmsSubmit } from './sms-submit.js';
export { encodeDeliver, type DecodedDeliver, type SmsDeliver } from './sms-deliver.js';
export { encodeStatusReport, type DecodedStatusReport, type SmsStatusReport } from './sms-status-report.js';
export {
  decodeDeliverPdu,
  decodeScToMsPdu,
  decodeStatusReportPdu,
  decodeSubmitPdu,
  encodeDeliverPdu,
  encodeStatusReportPdu,
  encodeSubmitPdu,
  parsePduHex,
  pduHex,
  type PduModeMessage,
  type ScToMsMessage,
  type WithServiceCentre,
} from './pdu-mode.js';
