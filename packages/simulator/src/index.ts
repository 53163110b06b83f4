/**
 * @smshub/simulator — carrier gateways that behave like real ones (SMPP, CMPP, SGIP, SMGP, CNGP)
 * for tests, the demo and the benchmark: bind checks, message ids, status reports with a delay
 * and a mix, throttling, dropped connections, MO, counters; and GSM modems that answer AT
 * commands on a socat pseudo-terminal, for the modem pool. Never used in production paths.
 */
export * from './behaviour.js';
export * from './stats.js';
export * from './gateway.js';
export { HandsetInbox, type HandsetMessage } from './handsets.js';
export * from './protocols.js';
export { startControlServer } from './control.js';
export * from './modem/index.js';
export * from './stripe/index.js';
