/**
 * @smshub/channels — the channel pipeline every sending worker shares: take a channel's queued
 * messages, split them into segments, submit them through a transport (carrier binds or GSM
 * modems), record outcomes, store status reports and MO. It never chooses channels (the
 * dispatcher does) and never speaks a wire protocol itself (transports do).
 */
export * from './transport.js';
export * from './flow.js';
export * from './carrier-protocols.js';
export * from './carrier-transport.js';
export * from './segments.js';
export * from './mo-assembly.js';
export * from './outcome-writer.js';
export * from './runner.js';
export * from './ownership.js';
export * from './health.js';
export * from './retry.js';
export * from './channel-alarms.js';
export * from './live-rates.js';
export * from './overflow.js';
export * from './sending-worker.js';
