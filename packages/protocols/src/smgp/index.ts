/**
 * SMGP 3.0 / 2.0 (China Telecom): PDUs, codec, the Protocol object the session engine runs, login
 * (MD5) on both sides, MsgIDs, status reports and the carrier / gateway dialects.
 * Never opens a socket or keeps a session loop: that is engine/'s job. CNGP reuses the login,
 * MsgID, TLV and report modules of this folder.
 */
export * from './command-ids.js';
export * from './status.js';
export type * from './pdu.js';
export { decodeSmgp, encodeSmgp, SMGP_HEADER_LENGTH } from './codec.js';
export { smgpProtocol, SmgpSequencer } from './protocol.js';
export * from './tlv.js';
export * from './msg-format.js';
export * from './login-mode.js';
export {
  AUTHENTICATOR_LENGTH,
  authenticatorClient,
  authenticatorServer,
  loginTimestamp,
  timestampDigits,
  timestampSkewMs,
} from './authenticator.js';
export {
  MSG_ID_LENGTH,
  MsgIdGenerator,
  msgIdFromText,
  msgIdText,
  parseSmgpMsgId,
  type SmgpMsgIdParts,
} from './msg-id.js';
export {
  buildReportBlock,
  deliveryStateOf,
  parseReportBlock,
  REPORT_BLOCK_LENGTH,
  type ReportBlock,
} from './status-report.js';
export { smgpBinder, type SmgpBinderOptions, type SmgpCredentials } from './binder.js';
export { smgpBindAcceptor, type SmgpAcceptorOptions } from './acceptor.js';
export { smgpCarrierDialect, type SmgpChannelOptions } from './carrier-dialect.js';
export { smgpGatewayDialect, type SmgpGatewayOptions } from './gateway-dialect.js';
