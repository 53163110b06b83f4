/**
 * The modem simulator lives in @smshub/simulator (packages/simulator/src/modem). Its package
 * entry does not export it yet, so the tests reach it by path; once it is exported this becomes
 * `export … from '@smshub/simulator'`.
 */
export { ModemSimulator, startModemPair, type ModemPair, type ModemSimulatorOptions } from '../../../packages/simulator/src/modem/index.js';
