/**
 * Simulated GSM modems for the modem pool's tests and the demo: a module that answers AT
 * commands in PDU mode over any Duplex stream, with fault injection and counters, a socat
 * pseudo-terminal pair to put it on a real serial line, and an HTTP control. Never used in
 * production paths.
 */
export {
  ModemSimulator,
  type ModemFaults,
  type ModemSettings,
  type ModemSimulatorOptions,
  type ReceivedModemSubmit,
  type RegistrationState,
  type SimState,
} from './modem-simulator.js';
export type { SimulatedMo } from './mo-pdus.js';
export type { ModemSimStats } from './modem-stats.js';
export { MESSAGE_STAT, type StoredMessage } from './sim-storage.js';
export { CME_ERROR, CMS_ERROR } from './result-codes.js';
export { startModemPair, type ModemPair, type ModemPairOptions } from './modem-pair.js';
export { startModemControlServer } from './modem-control.js';
