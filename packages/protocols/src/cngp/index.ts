/**
 * CNGP 2.0 (China Netcom, now part of China Unicom): PDUs, codec, Protocol object, login, MsgIDs
 * and the carrier / gateway dialects. Shares MD5 login, MsgID, TLV and report-block code with
 * ../smgp. Never opens a socket or keeps a session loop: that is engine/'s job.
 */
export * from './command-ids.js';
export * from './tlv-tags.js';
export type * from './pdu.js';
export { CNGP_HEADER_LENGTH, decodeCngp, encodeCngp } from './codec.js';
export { CNGP_VERSION, cngpProtocol, NOT_CONGESTED } from './protocol.js';
export { parseCngpMsgId, type CngpMsgIdParts } from './msg-id.js';
export { cngpBinder, type CngpBinderOptions, type CngpCredentials } from './binder.js';
export { cngpBindAcceptor, type CngpAcceptorOptions } from './acceptor.js';
export { cngpCarrierDialect, type CngpChannelOptions } from './carrier-dialect.js';
export { cngpGatewayDialect, type CngpGatewayOptions } from './gateway-dialect.js';
// The status numbers are SMGP's.
export {
  classifySmgpStatus as classifyCngpStatus,
  describeSmgpStatus as describeCngpStatus,
  SmgpStatus as CngpStatus,
} from '../smgp/status.js';
// CNGP MsgIDs use the SMGP generator's layout (msg-id.ts explains why).
export { MsgIdGenerator, msgIdFromText, msgIdText } from '../smgp/msg-id.js';
