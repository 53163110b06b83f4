/**
 * @smshub/protocols/cmpp — China Mobile CMPP 2.0 and 3.0: PDUs, codec, CONNECT login (both roles),
 * Msg_Id, and the carrier / gateway dialects. Plugs into the shared session engine; never opens a
 * socket or keeps a session loop of its own.
 */
export * from './pdu.js';
export * from './command-ids.js';
export * from './status-codes.js';
export { HEADER_LENGTH, MAX_DESTINATIONS, layouts } from './layout.js';
export type { CmppLayout } from './layout.js';
export { decodeCmpp } from './decode.js';
export { encodeCmpp } from './encode.js';
export { cmppProtocol } from './protocol.js';
export { authenticatorIsmg, authenticatorSource } from './authenticator.js';
export * from './cmpp-time.js';
export { buildConnect, cmppBinder } from './binder.js';
export type { CmppBinderOptions, CmppCredentials } from './binder.js';
export { cmppBindAcceptor } from './acceptor.js';
export type { CmppAcceptorOptions } from './acceptor.js';
export * from './msg-id.js';
export * from './msg-id-generator.js';
export { encodingOfMsgFmt, msgFmtOf } from './msg-fmt.js';
export { deliveryStateOf, statOf } from './delivery-state.js';
export { classifySubmitResult } from './submit-outcome.js';
export { cmppCarrierDialect } from './carrier-dialect.js';
export type { CmppCarrierDialect, CmppChannelOptions } from './carrier-dialect.js';
export { cmppGatewayDialect } from './gateway-dialect.js';
export type { CmppGatewayDialect, CmppGatewayOptions } from './gateway-dialect.js';
