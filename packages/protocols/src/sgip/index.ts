/**
 * SGIP 1.2 (China Unicom) for the shared session engine: PDUs, codec, sequence triple, bind in
 * both directions, and the dialects for smshub as SP (client to the SMG, server for its
 * callbacks) and as a simulated SMG. Never opens sockets itself: the engine does.
 */
export * from './command-ids.js';
export * from './result.js';
export * from './pdu.js';
export * from './sequence.js';
export * from './sequencer.js';
export { decodeSgip, peekSgip } from './decode.js';
export { encodeSgip } from './encode.js';
export { HEADER_LENGTH, MAX_PDU_LENGTH } from './layout.js';
export * from './responses.js';
export * from './protocol.js';
export * from './binder.js';
export * from './acceptor.js';
export * from './message-coding.js';
export * from './user-number.js';
export * from './sgip-time.js';
export * from './submit-outcome.js';
export * from './carrier-dialect.js';
export * from './gateway-dialect.js';
export * from './session-defaults.js';
