import type { SessionOptions } from '../engine/session.js';

/** At most this many commands may await their response (spec §3.1, configurable per link). */
export const SGIP_MAX_UNANSWERED = 32;

/**
 * Session settings from the spec's connection rules (§3.1 of Unicom's SGIP 1.3 document; our
 * 1.2 reference §2 agrees that links are short-lived and have no heartbeat): a response within
 * 30 s, at most 32 commands unanswered, and a server may drop a connection idle for 60 s — so
 * our side unbinds an idle link itself a little before that. There is no keep-alive PDU.
 */
export const sgipSessionDefaults: Partial<Omit<SessionOptions, 'id'>> = {
  responseTimeoutMs: 30_000,
  window: 16,
  keepAliveIntervalMs: 0,
  idleTimeoutMs: 50_000,
};
