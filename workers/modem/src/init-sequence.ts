import type { Logger } from 'pino';
import type { AtChannel } from './at/at-channel.js';
import { AtCommandError, AtTimeoutError } from './at/at-errors.js';

/**
 * Brings a module to the state the driver relies on: answering, no echo, numeric errors, SIM
 * ready, registered, PDU mode, indications routed as configured (TS 27.005 §3.4.1: by default
 * AT+CNMI=2,1,0,1,0 — MO stored with +CMTI, status reports shown with +CDS), SIM storage.
 */
export interface InitSettings {
  readonly cnmi: string;
  /** AT+CSMS service to select; null leaves the module's own and reads it. */
  readonly smsService: 0 | 1 | null;
  readonly pin: string | null;
  /** Further commands, run last (vendor settings, AT+CSCA=…). */
  readonly extra: readonly string[];
}

export interface ModemFacts {
  /** <rssi> of +CSQ: 0–31, 99 unknown. */
  readonly signal: number;
  /** <stat> of +CREG. */
  readonly registration: number;
  /** With 1, every +CMT / +CDS needs AT+CNMA. */
  readonly smsService: 0 | 1;
}

/** The module cannot be used: SIM locked or missing, not registered. `sim` says which kind. */
export class ModemInitError extends Error {
  override readonly name = 'ModemInitError';
  constructor(
    readonly port: string,
    readonly problem: 'sim' | 'network' | 'module',
    message: string,
  ) {
    super(`${port}: ${message}`);
  }
}

const REGISTERED_HOME = 1;
const REGISTERED_ROAMING = 5;
const CREG_TEXT = ['not registered', 'registered', 'searching', 'registration denied', 'unknown', 'roaming'];

export function isRegistered(stat: number): boolean {
  return stat === REGISTERED_HOME || stat === REGISTERED_ROAMING;
}

export function describeRegistration(stat: number): string {
  return CREG_TEXT[stat] ?? `registration state ${stat}`;
}

export async function initialiseModem(
  channel: AtChannel,
  port: string,
  settings: InitSettings,
  log: Logger,
): Promise<ModemFacts> {
  await firstContact(channel, port);
  await channel.run('ATE0');
  await channel.run('AT+CMEE=1');
  await simReady(channel, port, settings.pin);
  const registration = await readRegistration(channel);
  if (!isRegistered(registration))
    throw new ModemInitError(port, 'network', `not registered: ${describeRegistration(registration)}`);
  const signal = await readSignal(channel);
  if (signal === 99) log.warn({ port }, 'modem reports no signal strength (+CSQ: 99)');
  await channel.run('AT+CMGF=0');
  const smsService = await selectSmsService(channel, settings.smsService);
  await channel.run(`AT+CNMI=${settings.cnmi}`);
  await channel.run('AT+CPMS="SM","SM","SM"', { prefix: '+CPMS:' });
  for (const command of settings.extra) await channel.run(command);
  return { signal, registration, smsService };
}

/** A module that was just opened or rebooted may miss the first AT; three tries. */
async function firstContact(channel: AtChannel, port: string): Promise<void> {
  let last: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      await channel.run('AT');
      return;
    } catch (error) {
      if (!(error instanceof AtTimeoutError) && !(error instanceof AtCommandError)) throw error;
      last = error;
    }
  }
  throw new ModemInitError(port, 'module', `does not answer AT (${(last as Error).message})`);
}

async function simReady(channel: AtChannel, port: string, pin: string | null): Promise<void> {
  let state: string;
  try {
    state = await readPin(channel);
  } catch (error) {
    if (error instanceof AtCommandError) throw new ModemInitError(port, 'sim', `SIM not usable: ${error.message}`);
    throw error;
  }
  if (state === 'SIM PIN' && pin !== null) {
    try {
      await channel.run(`AT+CPIN="${pin}"`);
    } catch (error) {
      if (error instanceof AtCommandError)
        throw new ModemInitError(port, 'sim', `SIM refused the configured PIN: ${error.message}`);
      throw error;
    }
    state = await readPin(channel);
  }
  if (state !== 'READY') throw new ModemInitError(port, 'sim', `SIM not ready: ${state}`);
}

async function readPin(channel: AtChannel): Promise<string> {
  const { lines } = await channel.run('AT+CPIN?', { prefix: '+CPIN:' });
  const line = lines.find((text) => text.startsWith('+CPIN:')) ?? '+CPIN: (no answer)';
  return line.slice('+CPIN:'.length).trim();
}

/** +CREG: <n>,<stat>[,<lac>,<ci>] → <stat>. */
export async function readRegistration(channel: AtChannel): Promise<number> {
  const { lines } = await channel.run('AT+CREG?', { prefix: '+CREG:' });
  const fields = (lines.find((text) => text.startsWith('+CREG:')) ?? '').slice(6).split(',');
  const stat = Number((fields.length >= 2 ? fields[1] : fields[0])?.trim());
  return Number.isInteger(stat) ? stat : -1;
}

/** +CSQ: <rssi>,<ber> → <rssi>. */
export async function readSignal(channel: AtChannel): Promise<number> {
  const { lines } = await channel.run('AT+CSQ', { prefix: '+CSQ:' });
  const rssi = Number((lines.find((text) => text.startsWith('+CSQ:')) ?? '').slice(5).split(',')[0]?.trim());
  return Number.isInteger(rssi) ? rssi : 99;
}

async function selectSmsService(channel: AtChannel, wanted: 0 | 1 | null): Promise<0 | 1> {
  if (wanted !== null) await channel.run(`AT+CSMS=${wanted}`, { prefix: '+CSMS:' });
  try {
    const { lines } = await channel.run('AT+CSMS?', { prefix: '+CSMS:' });
    const service = (lines.find((text) => text.startsWith('+CSMS:')) ?? '').slice(6).split(',')[0]?.trim();
    return service === '1' ? 1 : 0;
  } catch (error) {
    // Modules that cannot report it run phase 2 (service 0): nothing to acknowledge.
    if (error instanceof AtCommandError) return wanted ?? 0;
    throw error;
  }
}
