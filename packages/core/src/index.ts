/**
 * @smshub/core — the platform's domain rules as pure functions and small classes: which channels
 * a route allows for a message, which of them to use now, what a message costs. Never does I/O:
 * callers load routes, channel state and prices and pass them in.
 */
export * from './routing/channel.js';
export * from './routing/route-table.js';
export * from './routing/channel-picker.js';
export * from './pricing.js';
export * from './alarm-sms.js';
export * from './quiet-hours.js';
export * from './report-codes.js';
export * from './outcome-failover.js';
export * from './identity/index.js';
