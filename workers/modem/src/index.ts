/**
 * @smshub/modem — the GSM modem pool: the backup channel that reaches every carrier through
 * SIM cards (AT commands, PDU mode), as a ChannelTransport for the channel pipeline. It never
 * touches the queue or the database itself (the pipeline in @smshub/channels does) and never
 * chooses channels (the dispatcher does).
 */
export { ModemPool, type ModemPoolOptions, type ModemSummary } from './pool.js';
export {
  modemPoolConfigFromEnv,
  modemPoolConfigOfChannel,
  modemPoolConfigSchema,
  ModemConfigError,
  parseModemPoolConfig,
  portId,
  type ModemPoolConfig,
  type ModemPoolConfigInput,
  type ModemPortConfig,
  type ModemPortInput,
} from './config.js';
export { modemMessageId } from './message-id.js';
export { MODEM_PROTOCOL } from './inbound.js';
export {
  devicePathState,
  openSerialPort,
  type OpenPort,
  PortNotReadyError,
  type SerialStream,
  serialPortOpener,
  waitForDevice,
} from './serial-port.js';
