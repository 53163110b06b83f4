import type { Duplex } from 'node:stream';
import {
  decodeSubmitPdu,
  encodeStatusReportPdu,
  formatAddress,
  parsePduHex,
  pduHex,
  phoneAddress,
  type DecodedSubmit,
  type PduModeMessage,
  type TpAddress,
} from '@smshub/sms';
import { AckQueue } from './ack-queue.js';
import { integerArgument, splitAtArguments } from './at-arguments.js';
import { moPdus, type SimulatedMo } from './mo-pdus.js';
import { emptyModemStats, type ModemSimStats } from './modem-stats.js';
import { CME_ERROR, CME_TEXT, CMS_ERROR } from './result-codes.js';
import { MESSAGE_STAT, SimStorage } from './sim-storage.js';

/**
 * A GSM module that answers AT commands (3GPP TS 27.007 / 27.005, PDU mode) over any Duplex
 * stream — one end of a socat pseudo-terminal pair, or a mock serial binding. It keeps the
 * settings a TE changes (echo, CMEE, CMGF, CNMI, CSMS), a SIM message store, sends status
 * reports after a delay and MO messages when told to, and can be made to misbehave: stop
 * answering, answer slowly, lose the network, lose the SIM, refuse sends.
 */

export type SimState = 'ready' | 'pin-required' | 'absent' | 'failure';
export type RegistrationState = 'not-registered' | 'registered' | 'searching' | 'denied' | 'unknown' | 'roaming';

/** <stat> of +CREG (TS 27.007 §7.2). */
const CREG_STAT: Readonly<Record<RegistrationState, number>> = {
  'not-registered': 0,
  registered: 1,
  searching: 2,
  denied: 3,
  unknown: 4,
  roaming: 5,
};

export interface ModemFaults {
  /** Ignores everything and sends nothing, as a hung or unplugged module. */
  silent: boolean;
  /** Milliseconds before each answer. */
  responseDelayMs: number;
  /** +CMS ERROR code every AT+CMGS ends with (500 = unknown error); null sends normally. */
  rejectSends: number | null;
  /** Takes the PDU after the prompt and never answers it (a module hung on the network). */
  swallowSends: boolean;
  sim: SimState;
  registration: RegistrationState;
  /** <rssi> of +CSQ: 0–31, or 99 for unknown. */
  signal: number;
}

export interface ModemSettings {
  echo: boolean;
  cmee: 0 | 1 | 2;
  cmgf: 0 | 1;
  /** <mode>,<mt>,<bm>,<ds>,<bfr> of +CNMI. */
  cnmi: [number, number, number, number, number];
  csms: 0 | 1;
  creg: 0 | 1 | 2;
}

export interface ModemSimulatorOptions {
  /** Name in counters and the control API. */
  readonly id?: string;
  readonly manufacturer?: string;
  readonly model?: string;
  readonly revision?: string;
  readonly imei?: string;
  readonly imsi?: string;
  /** SMSC shown in +CSCA? and put in front of delivered PDUs. */
  readonly serviceCentre?: string;
  /** Time zone of the SC time stamps, minutes east of GMT. */
  readonly timeZoneMinutes?: number;
  readonly storageSize?: number;
  readonly reportDelayMs?: number;
  /** TP-ST of each status report (default 0x00, received by the SME). */
  readonly reportStatus?: (submit: DecodedSubmit) => number;
  readonly ackTimeoutMs?: number;
  readonly redeliverDelayMs?: number;
  readonly firstMessageReference?: number;
  readonly faults?: Partial<ModemFaults>;
  /** PIN that AT+CPIN=<pin> accepts when the SIM asks for one. */
  readonly pin?: string;
}

/** A submit as the module received it, for tests to decode on their own. */
export interface ReceivedModemSubmit {
  /** The PDU text between the prompt and Ctrl-Z. */
  readonly hex: string;
  /** <length> of AT+CMGS. */
  readonly length: number;
  /** The TP-MR the module gave it (+CMGS: <mr>). */
  readonly messageReference: number;
  readonly recipient: string;
  readonly at: Date;
}

const CTRL_Z = 0x1a;
const ESC = 0x1b;
const BACKSPACE = 0x08;

function defaultSettings(): ModemSettings {
  return { echo: true, cmee: 0, cmgf: 0, cnmi: [0, 0, 0, 0, 0], csms: 0, creg: 0 };
}

export class ModemSimulator {
  readonly id: string;
  readonly stats: ModemSimStats = emptyModemStats();
  readonly submits: ReceivedModemSubmit[] = [];
  readonly storage: SimStorage;
  readonly faults: ModemFaults;
  settings: ModemSettings = defaultSettings();

  private stream: Duplex | null = null;
  private mode: 'command' | 'pdu' = 'command';
  private input = '';
  private pduLength = 0;
  private nextReference: number;
  private moReference = 0;
  private lastWriteAt = 0;
  private readonly timers = new Set<NodeJS.Timeout>();
  /** MO and reports the network holds while the module cannot take them. */
  private readonly held: Array<() => void> = [];
  private readonly acks: AckQueue;
  private readonly serviceCentre: TpAddress;
  private reportStatus: (submit: DecodedSubmit) => number;
  private readonly onData = (chunk: Buffer | string): void =>
    this.receive(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : chunk);

  constructor(private readonly options: ModemSimulatorOptions = {}) {
    this.id = options.id ?? 'modem';
    this.storage = new SimStorage(options.storageSize ?? 30);
    this.nextReference = options.firstMessageReference ?? 0;
    this.serviceCentre = phoneAddress(options.serviceCentre ?? '+8613800100500');
    this.reportStatus = options.reportStatus ?? (() => 0x00);
    this.faults = {
      silent: false,
      responseDelayMs: 0,
      rejectSends: null,
      swallowSends: false,
      sim: 'ready',
      registration: 'registered',
      signal: 20,
      ...options.faults,
    };
    this.acks = new AckQueue({
      show: (urc) => this.write(urc, 0),
      ackTimeoutMs: options.ackTimeoutMs ?? 5_000,
      redeliverDelayMs: options.redeliverDelayMs ?? 1_000,
      onAck: () => this.stats.acked++,
      onNack: () => this.stats.nacked++,
    });
  }

  /** Starts answering on `stream` (the module's side of the serial line). */
  attach(stream: Duplex): void {
    this.detach();
    this.stream = stream;
    stream.on('data', this.onData);
  }

  detach(): void {
    this.stream?.off('data', this.onData);
    this.stream = null;
  }

  /** Detaches and cancels every timer (pending reports, redeliveries, delayed answers). */
  close(): void {
    this.detach();
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.acks.close();
    this.held.length = 0;
  }

  // ---- fault injection -------------------------------------------------------------------

  setFaults(change: Partial<ModemFaults>): void {
    const before = { ...this.faults };
    Object.assign(this.faults, change);
    if (this.faults.silent && !before.silent) {
      this.mode = 'command';
      this.input = '';
      this.acks.pause();
    }
    if (!this.faults.silent && before.silent) this.acks.resume();
    if (before.registration !== this.faults.registration && this.settings.creg > 0) {
      this.write(`\r\n+CREG: ${CREG_STAT[this.faults.registration]}\r\n`, 0);
    }
    if (this.canReceive()) this.releaseHeld();
  }

  /** A hung module: nothing it receives is answered, nothing is sent. */
  stopAnswering(): void {
    this.setFaults({ silent: true });
  }

  /**
   * Answers again. By default it comes back as after a power cycle (settings reset, "RDY"),
   * so a driver has to initialise it again; the SIM store survives.
   */
  resumeAnswering(options: { reboot?: boolean } = {}): void {
    if (options.reboot ?? true) {
      this.settings = defaultSettings();
      this.write('\r\nRDY\r\n', 0, true);
    }
    this.setFaults({ silent: false });
  }

  setReportStatus(status: number | ((submit: DecodedSubmit) => number)): void {
    this.reportStatus = typeof status === 'number' ? () => status : status;
  }

  // ---- network side ------------------------------------------------------------------------

  /**
   * A subscriber's message arrives: stored with +CMTI, or shown with +CMT, as AT+CNMI says.
   * Returns the PDUs (hex) of its parts. While the module cannot take them (hung, no SIM, no
   * network) the network holds them and delivers when it can.
   */
  deliverMo(mo: SimulatedMo): string[] {
    const pdus = moPdus(mo, this.serviceCentre, this.moReference, this.options.timeZoneMinutes ?? 480);
    this.moReference = (this.moReference + 1) & 0xff;
    for (const pdu of pdus) this.whenReceivable(() => this.deliverPart(pdu));
    return pdus.map((pdu) => pduHex(pdu.pdu));
  }

  /** Messages waiting in the network for the module to take them. */
  get heldCount(): number {
    return this.held.length;
  }

  // ---- serial side -------------------------------------------------------------------------

  private receive(chunk: Buffer): void {
    if (this.faults.silent) return;
    if (this.settings.echo) this.write(chunk.toString('latin1'), 0);
    for (const byte of chunk) {
      if (this.mode === 'pdu') this.receivePduByte(byte);
      else this.receiveCommandByte(byte);
    }
  }

  private receiveCommandByte(byte: number): void {
    if (byte === 0x0d) {
      const line = this.input.trim();
      this.input = '';
      if (line !== '') this.write(this.command(line), this.faults.responseDelayMs);
    } else if (byte === BACKSPACE) {
      this.input = this.input.slice(0, -1);
    } else if (byte !== 0x0a) {
      this.input += String.fromCharCode(byte);
    }
  }

  private receivePduByte(byte: number): void {
    if (byte === CTRL_Z) {
      const text = this.input;
      this.input = '';
      this.mode = 'command';
      this.write(this.submit(text), this.faults.responseDelayMs);
    } else if (byte === ESC) {
      this.input = '';
      this.mode = 'command';
      this.stats.cancelled++;
      this.write('\r\nOK\r\n', this.faults.responseDelayMs);
    } else if (byte === BACKSPACE) {
      this.input = this.input.slice(0, -1);
    } else if (byte !== 0x0d && byte !== 0x0a) {
      this.input += String.fromCharCode(byte);
    }
  }

  /**
   * Writes `text` no sooner than `delayMs` from now and never before what was written earlier,
   * so a slow answer is not overtaken by a later unsolicited code.
   */
  private write(text: string, delayMs: number, evenIfSilent = false): void {
    if (text === '' || (this.faults.silent && !evenIfSilent)) return;
    const now = Date.now();
    const at = Math.max(now + delayMs, this.lastWriteAt);
    this.lastWriteAt = at;
    if (at <= now) {
      this.stream?.write(text, 'latin1');
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.faults.silent || evenIfSilent) this.stream?.write(text, 'latin1');
    }, at - now);
    this.timers.add(timer);
  }

  private later(delayMs: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, delayMs);
    this.timers.add(timer);
  }

  // ---- commands ----------------------------------------------------------------------------

  /** The whole answer to one command line ('' when it sends the "> " prompt instead). */
  private command(line: string): string {
    this.stats.commands++;
    if (line.length < 2 || line.slice(0, 2).toUpperCase() !== 'AT') return ''; // not a command: modems ignore it
    const body = line.slice(2);
    const extended = body.startsWith('+') || body.startsWith('^');
    let end = body.length;
    if (extended) {
      const eq = body.indexOf('=');
      const q = body.indexOf('?');
      end = Math.min(eq < 0 ? body.length : eq, q < 0 ? body.length : q);
    }
    const name = body.slice(0, end).toUpperCase();
    const rest = body.slice(end);
    this.stats.byCommand[name] = (this.stats.byCommand[name] ?? 0) + 1;
    const read = rest === '?';
    const test = rest === '=?';
    const args = rest.startsWith('=') && !test ? splitAtArguments(rest.slice(1)) : null;
    if (test) return ok();
    switch (name) {
      case '':
      case 'V1':
      case 'Q0':
      case '&W':
        return ok();
      case 'E':
      case 'E0':
      case 'E1':
        this.settings.echo = name === 'E1';
        return ok();
      case 'Z':
      case '&F':
        this.settings = defaultSettings();
        return ok();
      case 'I':
      case 'I0':
        return ok(this.manufacturer, this.model, `Revision: ${this.revision}`);
      case '+CGMI':
        return ok(this.manufacturer);
      case '+CGMM':
        return ok(this.model);
      case '+CGMR':
        return ok(this.revision);
      case '+CGSN':
        return ok(this.options.imei ?? '867530000000001');
      case '+CIMI':
        return this.simProblem('cme') ?? ok(this.options.imsi ?? '460001234567890');
      case '+CMEE':
        return this.setting(
          args,
          0,
          2,
          (value) => (this.settings.cmee = value as 0 | 1 | 2),
          read ? `+CMEE: ${this.settings.cmee}` : null,
        );
      case '+CFUN':
        return read ? ok('+CFUN: 1') : ok();
      case '+CPIN':
        return this.cpin(read, args);
      case '+CREG':
        if (read) return ok(`+CREG: ${this.settings.creg},${this.registrationStat()}`);
        return this.setting(args, 0, 2, (value) => (this.settings.creg = value as 0 | 1 | 2), null);
      case '+CSQ':
        return ok(`+CSQ: ${this.faults.signal},99`);
      case '+CMGF':
        return this.setting(
          args,
          0,
          1,
          (value) => (this.settings.cmgf = value as 0 | 1),
          read ? `+CMGF: ${this.settings.cmgf}` : null,
        );
      case '+CSCA':
        return read ? ok(`+CSCA: "${formatAddress(this.serviceCentre)}",145`) : ok();
      case '+CSMS':
        if (read) return ok(`+CSMS: ${this.settings.csms},1,1,1`);
        if (args === null) return this.error('cms', CMS_ERROR.operationNotAllowed);
        return this.setting(args, 0, 1, (value) => (this.settings.csms = value as 0 | 1), null, '+CSMS: 1,1,1');
      case '+CNMI':
        return this.cnmi(read, args);
      case '+CPMS':
        return this.cpms(read, args);
      case '+CMGS':
        return this.cmgs(args);
      case '+CMGR':
        return this.cmgr(args);
      case '+CMGL':
        return this.cmgl(args);
      case '+CMGD':
        return this.cmgd(args);
      case '+CNMA':
        return this.cnma(args);
      default:
        return '\r\nERROR\r\n';
    }
  }

  private get manufacturer(): string {
    return this.options.manufacturer ?? 'SMSHUB';
  }

  private get model(): string {
    return this.options.model ?? 'SIM-GSM-1';
  }

  private get revision(): string {
    return this.options.revision ?? '1.0.0';
  }

  private setting(
    args: string[] | null,
    min: number,
    max: number,
    apply: (value: number) => void,
    readAnswer: string | null,
    setAnswer?: string,
  ): string {
    if (readAnswer !== null) return ok(readAnswer);
    const value = integerArgument(args?.[0] ?? '0', min, max);
    if (value === null) return this.error('cme', CME_ERROR.incorrectParameters);
    apply(value);
    return setAnswer === undefined ? ok() : ok(setAnswer);
  }

  private cpin(read: boolean, args: string[] | null): string {
    if (read) {
      if (this.faults.sim === 'ready') return ok('+CPIN: READY');
      if (this.faults.sim === 'pin-required') return ok('+CPIN: SIM PIN');
      return this.simProblem('cme') ?? ok();
    }
    if (this.faults.sim !== 'pin-required')
      return this.simProblem('cme') ?? this.error('cme', CME_ERROR.operationNotAllowed);
    if (args?.[0] !== (this.options.pin ?? '1234')) return this.error('cme', CME_ERROR.incorrectPassword);
    this.setFaults({ sim: 'ready' });
    return ok();
  }

  private cnmi(read: boolean, args: string[] | null): string {
    if (read) return ok(`+CNMI: ${this.settings.cnmi.join(',')}`);
    if (args === null) return this.error('cms', CMS_ERROR.operationNotAllowed);
    const limits = [3, 3, 3, 2, 1];
    const next = [...this.settings.cnmi] as ModemSettings['cnmi'];
    for (let i = 0; i < args.length; i++) {
      const field = args[i] ?? '';
      if (field === '') continue;
      const value = integerArgument(field, 0, limits[i] ?? -1);
      if (value === null) return this.error('cms', CMS_ERROR.operationNotSupported);
      next[i] = value;
    }
    this.settings.cnmi = next;
    return ok();
  }

  private cpms(read: boolean, args: string[] | null): string {
    const problem = this.simProblem('cms');
    if (problem !== null) return problem;
    const { used, size } = this.storage;
    if (read) return ok(`+CPMS: "SM",${used},${size},"SM",${used},${size},"SM",${used},${size}`);
    for (const memory of args ?? []) {
      if (memory !== '' && memory !== 'SM' && memory !== 'ME' && memory !== 'MT')
        return this.error('cms', CMS_ERROR.operationNotSupported);
    }
    return ok(`+CPMS: ${used},${size},${used},${size},${used},${size}`);
  }

  private cmgs(args: string[] | null): string {
    if (this.settings.cmgf !== 0) return this.error('cms', CMS_ERROR.operationNotSupported); // PDU mode only
    const problem = this.simProblem('cms') ?? this.networkProblem();
    if (problem !== null) {
      this.stats.rejected++;
      return problem;
    }
    const length = integerArgument(args?.[0], 7, 164);
    if (length === null) return this.error('cms', CMS_ERROR.invalidPduModeParameter);
    this.pduLength = length;
    this.mode = 'pdu';
    this.write('\r\n> ', this.faults.responseDelayMs);
    return '';
  }

  /** The PDU after the prompt, ended by Ctrl-Z. */
  private submit(text: string): string {
    let submit: DecodedSubmit;
    let pdu: Buffer;
    try {
      pdu = parsePduHex(text);
      submit = decodeSubmitPdu(pdu).tpdu;
    } catch {
      this.stats.rejected++;
      return this.error('cms', CMS_ERROR.invalidPduModeParameter);
    }
    if (pdu.length - 1 - (pdu[0] ?? 0) !== this.pduLength) {
      this.stats.rejected++;
      return this.error('cms', CMS_ERROR.invalidPduModeParameter);
    }
    if (this.faults.swallowSends) {
      this.stats.swallowed++;
      return '';
    }
    const problem =
      this.faults.rejectSends === null
        ? (this.simProblem('cms') ?? this.networkProblem())
        : this.error('cms', this.faults.rejectSends);
    if (problem !== null) {
      this.stats.rejected++;
      return problem;
    }
    const messageReference = this.nextReference;
    this.nextReference = (this.nextReference + 1) & 0xff;
    const recipient = formatAddress(submit.destination);
    this.stats.segments++;
    this.stats.byRecipient[recipient] = (this.stats.byRecipient[recipient] ?? 0) + 1;
    const at = new Date();
    this.submits.push({ hex: text, length: this.pduLength, messageReference, recipient, at });
    if (submit.statusReportRequest)
      this.later(this.options.reportDelayMs ?? 200, () =>
        this.whenReceivable(() => this.sendReport(submit, messageReference, at)),
      );
    return ok(`+CMGS: ${messageReference}`);
  }

  private cmgr(args: string[] | null): string {
    const problem = this.simProblem('cms');
    if (problem !== null) return problem;
    const message = this.storage.read(integerArgument(args?.[0], 0, 65535) ?? -1);
    if (message === undefined) return this.error('cms', CMS_ERROR.invalidMemoryIndex);
    const stat = message.stat;
    if (message.stat === MESSAGE_STAT.receivedUnread) message.stat = MESSAGE_STAT.receivedRead;
    return ok(`+CMGR: ${stat},,${message.tpduLength}`, pduHex(message.pdu));
  }

  private cmgl(args: string[] | null): string {
    const problem = this.simProblem('cms');
    if (problem !== null) return problem;
    const wanted = integerArgument(args?.[0] ?? '0', 0, 4);
    if (wanted === null) return this.error('cms', CMS_ERROR.operationNotSupported);
    const lines: string[] = [];
    for (const message of this.storage.list()) {
      if (wanted !== 4 && message.stat !== wanted) continue;
      lines.push(`+CMGL: ${message.index},${message.stat},,${message.tpduLength}`, pduHex(message.pdu));
      if (message.stat === MESSAGE_STAT.receivedUnread) message.stat = MESSAGE_STAT.receivedRead;
    }
    return ok(...lines);
  }

  private cmgd(args: string[] | null): string {
    const problem = this.simProblem('cms');
    if (problem !== null) return problem;
    const index = integerArgument(args?.[0], 0, 65535);
    const flag = integerArgument(args?.[1] ?? '0', 0, 4);
    if (index === null || flag === null) return this.error('cms', CMS_ERROR.invalidMemoryIndex);
    if (flag === 4) {
      this.stats.deleted += this.storage.clear();
      return ok();
    }
    if (this.storage.delete(index)) this.stats.deleted++;
    return ok();
  }

  private cnma(args: string[] | null): string {
    const n = integerArgument(args?.[0] ?? '0', 0, 2);
    if (n === null) return this.error('cms', CMS_ERROR.operationNotSupported);
    const done = n === 2 ? this.acks.nack() : this.acks.ack();
    return done ? ok() : this.error('cms', CMS_ERROR.noCnmaExpected);
  }

  // ---- indications -------------------------------------------------------------------------

  private deliverPart(message: PduModeMessage): void {
    const [, mt] = this.settings.cnmi;
    if (mt === 2) {
      this.stats.moDelivered++;
      this.indicate(`\r\n+CMT: ,${message.tpduLength}\r\n${pduHex(message.pdu)}\r\n`);
      return;
    }
    const stored = this.storage.store(message.pdu, message.tpduLength);
    if (stored === null) {
      this.stats.storageFull++;
      return;
    }
    if (mt === 0) return;
    this.stats.moDelivered++;
    this.write(`\r\n+CMTI: "SM",${stored.index}\r\n`, 0);
  }

  private sendReport(submit: DecodedSubmit, messageReference: number, submittedAt: Date): void {
    const ds = this.settings.cnmi[3];
    if (ds === 0) return; // not routed to the TE: the module keeps no copy either
    const offsetMinutes = this.options.timeZoneMinutes ?? 480;
    const report = encodeStatusReportPdu(
      {
        messageReference,
        recipient: submit.destination,
        serviceCentreTime: { date: wholeSeconds(submittedAt), offsetMinutes },
        dischargeTime: { date: wholeSeconds(new Date()), offsetMinutes },
        status: this.reportStatus(submit),
        aboutCommand: false,
        moreMessages: false,
        loopPrevention: false,
        protocolIdentifier: null,
        dataCodingScheme: null,
        userData: null,
      },
      this.serviceCentre,
    );
    this.stats.reportsSent++;
    if (ds === 1) {
      this.indicate(`\r\n+CDS: ${report.tpduLength}\r\n${pduHex(report.pdu)}\r\n`);
      return;
    }
    const stored = this.storage.store(report.pdu, report.tpduLength);
    if (stored === null) this.stats.storageFull++;
    else this.write(`\r\n+CDSI: "SM",${stored.index}\r\n`, 0);
  }

  /** +CMT and +CDS: acknowledged one at a time under AT+CSMS=1, shown at once under 0. */
  private indicate(urc: string): void {
    if (this.settings.csms === 1) this.acks.push(urc);
    else this.write(urc, 0);
  }

  private canReceive(): boolean {
    return !this.faults.silent && this.faults.sim === 'ready' && this.networkProblem() === null;
  }

  private whenReceivable(run: () => void): void {
    if (this.canReceive()) run();
    else this.held.push(run);
  }

  private releaseHeld(): void {
    while (this.held.length > 0 && this.canReceive()) this.held.shift()?.();
  }

  private registrationStat(): number {
    return this.faults.sim === 'ready' ? CREG_STAT[this.faults.registration] : CREG_STAT['not-registered'];
  }

  private networkProblem(): string | null {
    const stat = this.registrationStat();
    return stat === 1 || stat === 5 ? null : this.error('cms', CMS_ERROR.noNetworkService);
  }

  private simProblem(kind: 'cme' | 'cms'): string | null {
    switch (this.faults.sim) {
      case 'ready':
        return null;
      case 'pin-required':
        return this.error(kind, kind === 'cme' ? CME_ERROR.simPinRequired : CMS_ERROR.simPinRequired);
      case 'absent':
        return this.error(kind, kind === 'cme' ? CME_ERROR.simNotInserted : CMS_ERROR.simNotInserted);
      case 'failure':
        return this.error(kind, kind === 'cme' ? CME_ERROR.simFailure : CMS_ERROR.simFailure);
    }
  }

  /** An error as AT+CMEE asks: plain ERROR (0), the number (1), or +CME text (2). */
  private error(kind: 'cme' | 'cms', code: number): string {
    if (this.settings.cmee === 0) return '\r\nERROR\r\n';
    const text = kind === 'cme' && this.settings.cmee === 2 ? (CME_TEXT[code] ?? String(code)) : String(code);
    return `\r\n+${kind === 'cme' ? 'CME' : 'CMS'} ERROR: ${text}\r\n`;
  }
}

/** Information lines then OK, each framed by CR LF as in verbose mode (ATV1). */
function ok(...lines: string[]): string {
  let text = '';
  for (const line of lines) text += `\r\n${line}\r\n`;
  return `${text}\r\nOK\r\n`;
}

function wholeSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
