/**
 * SMPP 3.3 / 3.4 / 5.0 for the shared session engine: PDUs and codec, TLVs, command status codes,
 * bind on both sides, delivery-receipt text, message ids and the carrier / gateway dialects.
 * Never opens a socket or keeps session state itself: the engine in ../engine runs every session.
 */
export * from './command-ids.js';
export * from './command-status.js';
export * from './tlvs.js';
export * from './pdu.js';
export { FieldSize, MAX_SHORT_MESSAGE, MAX_MULTI_DESTINATIONS } from './field-sizes.js';
export { decodeSmpp } from './decode.js';
export { encodeSmpp } from './encode.js';
export { responseTo, responseCommand } from './responses.js';
export { smppProtocol, SmppSequencer, statusOfRejectReason } from './protocol.js';
export { smppBinder, bindCommandOf, type SmppCredentials } from './binder.js';
export { smppBindAcceptor, type SmppAcceptorOptions } from './acceptor.js';
export { EsmClass, RegisteredDelivery, isReceipt } from './esm-class.js';
export { Ton, Npi, planFor, type NumberPlan } from './address.js';
export * from './smpp-time.js';
export * from './delivery-receipt.js';
export * from './delivery-state.js';
export * from './message-id.js';
export { classifySubmitStatus, type FailureKind } from './submit-outcome.js';
export { readMessage, placeMessage, type MessageContent } from './message-content.js';
export { smppCarrierDialect, type SmppCarrierDialect, type SmppCarrierOptions } from './carrier-dialect.js';
export { smppGatewayDialect, type SmppGatewayDialect, type SmppGatewayOptions } from './gateway-dialect.js';
