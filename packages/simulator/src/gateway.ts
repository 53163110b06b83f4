import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import {
  type Binder,
  type BindRequestInfo,
  type GatewayDialect,
  Link,
  type Pdu,
  type ReceivedSubmit,
  type ReportToSend,
  type Session,
  SessionServer,
  TokenBucket,
} from '@smshub/protocols';
import { chooseEncoding, encodeText, type TextEncoding } from '@smshub/sms';
import { type Behaviour, type BehaviourInput, behaviourSchema, parseBehaviour, pickState } from './behaviour.js';
import { DueQueue } from './due-queue.js';
import { emptyStats, type GatewayStats } from './stats.js';
import { HandsetInbox } from './handsets.js';

export interface GatewayAccount {
  readonly account: string;
  readonly secret: string;
  /** SP number the account's MO is addressed to (default: the account name). */
  readonly spNumber?: string;
}

/** Where a gateway that reports over its own connection (SGIP) finds the client's server. */
export interface CallbackTarget {
  readonly host: string;
  readonly port: number;
  readonly account: string;
  readonly secret: string;
}

/** One protocol as the simulator drives it: its gateway dialect and, for SGIP, the callback binder. */
export interface GatewayProtocol<P extends Pdu = Pdu> {
  readonly name: string;
  readonly dialect: GatewayDialect<P>;
  /** Encodings MO text may use, cheapest first (GSM 7-bit exists only in SMPP). */
  readonly textEncodings: readonly TextEncoding[];
  readonly callbackBinder?: Binder<P, CallbackTarget>;
}

export interface GatewayOptions<P extends Pdu = Pdu> {
  readonly protocol: GatewayProtocol<P>;
  readonly host?: string;
  /** 0 picks a free port; `start` resolves with it. */
  readonly port?: number;
  readonly accounts: readonly GatewayAccount[];
  readonly behaviour?: BehaviourInput;
  readonly callback?: CallbackTarget;
  readonly maxBindsPerAccount?: number;
  readonly name?: string;
  readonly random?: () => number;
  /** Session options for accepted connections (window for reports and MO, timeouts). */
  readonly window?: number;
}

interface PendingReport {
  readonly account: string;
  readonly report: ReportToSend;
}

/** One login the gateway answered, for logs: who, how it went, and how far the client's clock was. */
export interface GatewayLogin {
  readonly account: string;
  readonly remote: string;
  readonly accepted: boolean;
  readonly status: number;
  /** Why it was refused (BindRefusal: auth-failed, bad-timestamp …). */
  readonly reason?: string;
  /**
   * CMPP, SMGP, CNGP: the login timestamp minus the gateway's clock, ms — the one number that
   * tells a client on the wrong clock (UTC instead of Beijing time: −8 h) from a wrong secret.
   */
  readonly clockSkewMs?: number;
}

export interface GatewayEvents {
  submit: [account: string, submit: ReceivedSubmit, messageIds: readonly string[]];
  login: [login: GatewayLogin];
  warning: [error: Error];
}

/**
 * A carrier gateway that behaves like a real one: checks bind credentials, answers submits with
 * unique ids in the protocol's format, sends status reports after a delay with a configured mix,
 * throttles above a TPS, drops connections at random, generates MO, and counts everything.
 * Built on the same session engine and dialects as smshub's own client side.
 */
export class SimulatedGateway<P extends Pdu = Pdu> extends EventEmitter<GatewayEvents> {
  private behaviourValue: Behaviour;
  private statsValue = emptyStats();
  private server: SessionServer<P> | null = null;
  private portValue = 0;
  private readonly accounts: Map<string, GatewayAccount>;
  private readonly sessions = new Map<string, Set<Session<P>>>();
  private readonly receivers = new Map<string, Session<P>[]>();
  private readonly rr = new Map<string, number>();
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly waitingForReceiver = new Map<string, PendingReport[]>();
  private readonly seen = new Set<string>();
  private readonly reports: DueQueue<PendingReport>;
  private readonly random: () => number;
  private moTimer: NodeJS.Timeout | null = null;
  private moCredit = 0;
  private readonly callbackLinks: Link<P, CallbackTarget>[] = [];
  private running = false;
  /** What each simulated phone received (the control API's /handsets). */
  readonly handsets = new HandsetInbox();

  constructor(private readonly options: GatewayOptions<P>) {
    super();
    this.behaviourValue = parseBehaviour(options.behaviour);
    this.accounts = new Map(options.accounts.map((a) => [a.account, a]));
    this.random = options.random ?? Math.random;
    this.reports = new DueQueue((item) => this.deliverReport(item));
    if (
      options.protocol.dialect.reportPath === 'callback-connection' &&
      options.protocol.callbackBinder === undefined
    ) {
      throw new Error(
        `${this.name}: ${options.protocol.name} reports over a callback connection but has no callback binder`,
      );
    }
  }

  get name(): string {
    return this.options.name ?? `${this.options.protocol.name}-gateway`;
  }

  get port(): number {
    return this.portValue;
  }

  get behaviour(): Behaviour {
    return this.behaviourValue;
  }

  /** A copy of the counters. */
  get stats(): GatewayStats {
    return structuredClone(this.statsValue);
  }

  /** Reports scheduled but not yet acknowledged by the client. */
  get reportsPending(): number {
    return this.reports.size + this.reportsHeld;
  }

  /** Reports due but held because no session of their account can receive them. */
  get reportsHeld(): number {
    let waiting = 0;
    for (const list of this.waitingForReceiver.values()) waiting += list.length;
    return waiting;
  }

  resetStats(): void {
    this.statsValue = emptyStats();
    this.seen.clear();
    this.handsets.clear();
  }

  async start(): Promise<number> {
    this.running = true;
    await this.listen(this.options.port ?? 0);
    if (this.options.callback !== undefined) this.startCallback(this.options.callback);
    this.applyMoRate();
    return this.portValue;
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.moTimer !== null) clearInterval(this.moTimer);
    this.moTimer = null;
    this.reports.drain();
    await Promise.all(this.callbackLinks.map((link) => link.stop()));
    this.callbackLinks.length = 0;
    await this.server?.close();
    this.server = null;
  }

  /** Changes behaviour while running (merged over the current one); returns the result. */
  async configure(input: BehaviourInput): Promise<Behaviour> {
    const next = behaviourSchema.parse({ ...this.behaviourValue, ...input });
    const wasDown = this.behaviourValue.mode === 'down';
    this.behaviourValue = next;
    for (const bucket of this.buckets.values()) bucket.setRate(next.throttleTps);
    if (!wasDown && next.mode === 'down') await this.goDown();
    if (wasDown && next.mode !== 'down' && this.running) await this.listen(this.portValue);
    this.applyMoRate();
    return next;
  }

  /** Sends one MO message to the account's client; resolves true when the client accepted it. */
  async sendMo(account: string, mo: { from: string; to?: string; text: string }): Promise<boolean> {
    const session = this.pickReceiver(account);
    if (session === null) return false;
    const { dialect, textEncodings } = this.options.protocol;
    const encoding = chooseEncoding(mo.text, [...textEncodings]);
    const pdu = dialect.mo({
      protocol: this.options.protocol.name,
      from: mo.from,
      to: mo.to ?? this.accounts.get(account)?.spNumber ?? account,
      encoding,
      content: encodeText(mo.text, encoding),
    });
    this.statsValue.moSent++;
    try {
      const response = await session.request(pdu);
      const ok = dialect.deliverAccepted(response);
      if (ok) this.statsValue.moAcked++;
      return ok;
    } catch (error) {
      this.emit('warning', error instanceof Error ? error : new Error(String(error)));
      return false;
    }
  }

  private async listen(port: number): Promise<void> {
    const { protocol } = this.options;
    const server = new SessionServer<P>({
      protocol: protocol.dialect.protocol,
      acceptor: protocol.dialect.acceptor,
      name: this.name,
      session: { window: this.options.window ?? 64, responseTimeoutMs: 10_000 },
      lookup: (info) => {
        const account = this.accounts.get(info.account);
        return account === undefined ? null : { account: account.account, secret: account.secret };
      },
      admit: (session, info) => this.admit(session, info),
    });
    server.on('refused', (info, verdict, remote) => {
      this.statsValue.bindsRefused++;
      this.emit('login', {
        account: info.account,
        remote: `${remote.address}:${remote.port}`,
        accepted: false,
        status: verdict.status,
        ...(verdict.ok ? {} : { reason: verdict.reason }),
        ...(verdict.clockSkewMs === undefined ? {} : { clockSkewMs: verdict.clockSkewMs }),
      });
    });
    server.on('bound', (session, info, verdict) =>
      this.emit('login', {
        account: info.account,
        remote: session.id,
        accepted: true,
        status: verdict.status,
        ...(verdict.clockSkewMs === undefined ? {} : { clockSkewMs: verdict.clockSkewMs }),
      }),
    );
    server.on('warning', (error) => this.emit('warning', error));
    this.portValue = await server.listen(port, this.options.host ?? '127.0.0.1');
    this.server = server;
  }

  private admit(
    session: Session<P>,
    info: BindRequestInfo,
  ): { refuse: 'too-many-binds' } | { handler: (req: P) => P | null } {
    this.statsValue.connections++;
    const open = this.sessions.get(info.account) ?? new Set<Session<P>>();
    if (open.size >= (this.options.maxBindsPerAccount ?? 8)) return { refuse: 'too-many-binds' };
    open.add(session);
    this.sessions.set(info.account, open);
    this.statsValue.bindsAccepted++;
    const receives = info.mode !== 'transmitter' && this.options.protocol.dialect.reportPath === 'same-session';
    // Only once bound: admit runs before the bind reply, and a report handed to a session that
    // is not bound yet would go back to waiting with nothing left to wake it.
    if (receives) session.once('bound', () => this.addReceiver(info.account, session));
    session.once('close', () => {
      open.delete(session);
      this.removeReceiver(info.account, session);
    });
    return { handler: (request) => this.onRequest(info.account, session, request) };
  }

  private onRequest(account: string, session: Session<P>, request: P): P | null {
    const { dialect } = this.options.protocol;
    const submit = dialect.received(request);
    if (submit === null) return dialect.protocol.reject(request, 'unsupported');
    const stats = this.statsValue;
    const behaviour = this.behaviourValue;
    stats.submits++;
    if (behaviour.mode === 'blackhole') {
      stats.unanswered++;
      return null;
    }
    if (behaviour.disconnectProbability > 0 && this.random() < behaviour.disconnectProbability) {
      stats.disconnectsInjected++;
      session.destroy(new Error('simulated connection drop'));
      return null;
    }
    if (behaviour.mode === 'reject') {
      stats.rejected++;
      return dialect.submitReply(request, { ok: false, reason: 'system-error' });
    }
    if (behaviour.throttleTps > 0 && !this.bucket(account).tryTake()) {
      stats.throttled++;
      return dialect.submitReply(request, { ok: false, reason: 'throttled' });
    }
    const now = new Date();
    const ids = dialect.messageIds(request, now);
    stats.accepted++;
    if (this.isDuplicate(account, submit)) stats.duplicates++;
    this.handsets.record(submit, now);
    if (submit.wantReport) {
      const { min, max } = behaviour.dlrDelayMs;
      submit.to.forEach((recipient, i) => {
        const delay = min + this.random() * (max - min);
        const state = pickState(behaviour.dlrMix, this.random);
        const report: ReportToSend = {
          messageId: ids[i] ?? ids[0]!,
          recipient,
          from: submit.from,
          state,
          error: state === 'DELIVRD' ? '000' : '001',
          submittedAt: now,
          doneAt: new Date(now.getTime() + delay),
        };
        stats.reportsScheduled++;
        this.reports.add(now.getTime() + delay, { account, report });
      });
    }
    this.emit('submit', account, submit, ids);
    return dialect.submitReply(request, { ok: true, messageIds: ids });
  }

  private isDuplicate(account: string, submit: ReceivedSubmit): boolean {
    const hash = createHash('sha1');
    hash.update(account).update('\0').update(submit.to.join(',')).update('\0').update(submit.from).update('\0');
    if (submit.udh !== null) hash.update(submit.udh);
    hash.update('\0').update(submit.content);
    const key = hash.digest('base64');
    if (this.seen.has(key)) return true;
    this.seen.add(key);
    return false;
  }

  private deliverReport(item: PendingReport): void {
    const session = this.pickReceiver(item.account);
    if (session === null) {
      const list = this.waitingForReceiver.get(item.account) ?? [];
      list.push(item);
      this.waitingForReceiver.set(item.account, list);
      return;
    }
    const { dialect } = this.options.protocol;
    const stats = this.statsValue;
    stats.reportsSent++;
    session.request(dialect.report(item.report)).then(
      (response) => {
        if (dialect.deliverAccepted(response)) {
          stats.reportsAcked++;
          stats.reportsByState[item.report.state] = (stats.reportsByState[item.report.state] ?? 0) + 1;
        } else {
          stats.reportsFailed++;
          this.retryReport(item);
        }
      },
      () => {
        stats.reportsFailed++;
        this.retryReport(item);
      },
    );
  }

  private retryReport(item: PendingReport): void {
    if (this.running) this.reports.add(Date.now() + 1_000, item);
  }

  private bucket(account: string): TokenBucket {
    let bucket = this.buckets.get(account);
    if (bucket === undefined) {
      bucket = new TokenBucket(this.behaviourValue.throttleTps);
      this.buckets.set(account, bucket);
    }
    return bucket;
  }

  private addReceiver(account: string, session: Session<P>): void {
    const list = this.receivers.get(account) ?? [];
    list.push(session);
    this.receivers.set(account, list);
    const waiting = this.waitingForReceiver.get(account);
    if (waiting !== undefined && waiting.length > 0) {
      this.waitingForReceiver.delete(account);
      for (const item of waiting) this.deliverReport(item);
    }
  }

  private removeReceiver(account: string, session: Session<P>): void {
    const list = this.receivers.get(account);
    if (list === undefined) return;
    const index = list.indexOf(session);
    if (index >= 0) list.splice(index, 1);
  }

  private pickReceiver(account: string): Session<P> | null {
    const list = this.receivers.get(account);
    if (list === undefined || list.length === 0) return null;
    const start = this.rr.get(account) ?? 0;
    for (let i = 1; i <= list.length; i++) {
      const index = (start + i) % list.length;
      const session = list[index]!;
      if (session.state === 'bound') {
        this.rr.set(account, index);
        return session;
      }
    }
    return null;
  }

  /**
   * SGIP: the gateway's own connections to the client's server, which carry every account's
   * reports and MO. Two of them, as SMGs commonly open several, each with the gateway's window.
   */
  private startCallback(target: CallbackTarget): void {
    const { protocol } = this.options;
    const binder = protocol.callbackBinder;
    if (binder === undefined) return;
    for (let i = 1; i <= 2; i++) {
      const link = new Link<P, CallbackTarget>({
        protocol: protocol.dialect.protocol,
        binder,
        credentials: target,
        host: target.host,
        port: target.port,
        name: `${this.name}-callback-${i}`,
        session: { window: this.options.window ?? 64 },
        backoff: { initialMs: 200, maxMs: 5_000, factor: 2, jitter: 0.1 },
      });
      link.on('up', (session) => {
        for (const account of this.accounts.keys()) this.addReceiver(account, session);
      });
      link.on('down', () => {
        for (const [account, list] of this.receivers)
          this.receivers.set(
            account,
            list.filter((s) => s.state === 'bound'),
          );
      });
      link.on('warning', (error) => this.emit('warning', error));
      link.start();
      this.callbackLinks.push(link);
    }
  }

  private async goDown(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const open of this.sessions.values())
      for (const session of open) session.destroy(new Error('simulated gateway down'));
    await server?.close();
  }

  private applyMoRate(): void {
    const rate = this.behaviourValue.moPerSecond;
    if (rate <= 0 || !this.running) {
      if (this.moTimer !== null) clearInterval(this.moTimer);
      this.moTimer = null;
      return;
    }
    if (this.moTimer !== null) return;
    this.moTimer = setInterval(() => {
      const behaviour = this.behaviourValue;
      this.moCredit += behaviour.moPerSecond / 10;
      while (this.moCredit >= 1) {
        this.moCredit -= 1;
        for (const account of this.accounts.keys()) {
          const from = behaviour.moFrom[Math.floor(this.random() * behaviour.moFrom.length)]!;
          const text = behaviour.moTexts[Math.floor(this.random() * behaviour.moTexts.length)]!;
          void this.sendMo(account, { from, text, ...(behaviour.moTo === undefined ? {} : { to: behaviour.moTo }) });
        }
      }
    }, 100);
    this.moTimer.unref();
  }
}
