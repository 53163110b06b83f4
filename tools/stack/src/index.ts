/**
 * @smshub/stack — the whole platform as processes on one machine against simulated carriers, for
 * the demo, the benchmark and the crash tests. Never part of a deployment.
 */
export * from './child.js';
export * from './stack.js';
export * from './isolated.js';
export { MODEM_CHANNEL, type ModemPoolInfo, socatInstalled } from './modem-pool.js';
export { repositoryRoot } from './paths.js';
