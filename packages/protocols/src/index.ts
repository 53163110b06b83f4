/**
 * @smshub/protocols — one session engine (framing, sequence, window, keep-alive, reconnect,
 * unbind, both roles) and the codecs of SMPP, CMPP, SGIP, SMGP and CNGP that plug into it.
 * Never touches a database or queue: it turns bytes into PDUs and PDUs into sessions.
 */
export * from './engine/errors.js';
export * from './engine/bytes.js';
export * from './engine/protocol.js';
export * from './carrier-forms.js';
export * from './dialect.js';
export { BEIJING_OFFSET_MINUTES, DEFAULT_MAX_CLOCK_SKEW_MS } from './china-time.js';
export * from './engine/framing.js';
export * from './engine/session.js';
export * from './engine/client.js';
export * from './engine/server.js';
export * from './engine/rate.js';
