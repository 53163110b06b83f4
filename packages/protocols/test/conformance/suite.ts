import { decodeText, splitText, type TextEncoding } from '@smshub/sms';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type BindAcceptor,
  BindError,
  type Binder,
  type CarrierDialect,
  connectAndBind,
  DecodeError,
  type GatewayDialect,
  type InboundSms,
  type OutboundSegment,
  type Pdu,
  type RequestHandler,
  type Session,
  type SessionOptions,
  SessionServer,
  type StatusReport,
} from '../../src/index.js';

/**
 * One conformance suite every protocol runs (as BullMQ runs one against every adapter): our
 * client — engine client, the protocol's Binder and CarrierDialect — against our gateway role —
 * engine server, BindAcceptor and GatewayDialect — over loopback TCP. What differs between
 * protocols is data in the subject; what a carrier channel needs of any protocol is the tests:
 * bind and a refused secret, a full submit window, a long message, reports matched to their
 * submits, MO, keep-alive, unbind, and malformed bytes that decode to DecodeError and nothing else.
 */
export interface ConformanceSubject<P extends Pdu, C> {
  /** "CMPP 3.0": the describe block's name. */
  readonly name: string;
  readonly carrier: CarrierDialect<P>;
  readonly gateway: GatewayDialect<P>;
  readonly binder: Binder<P, C>;
  readonly account: string;
  readonly secret: string;
  readonly credentials: (secret: string) => C;
  /** The bind status a wrong secret gets. */
  readonly wrongSecretStatus: number;
  /** The form of the gateway's message ids as the carrier dialect reports them. */
  readonly messageId: RegExp;
  /** Recipient number `i` as the channel sends it (national 11 digits, or E.164 digits). */
  readonly recipient: (i: number) => string;
  /** Single-byte text encoding for short submits (GSM 7-bit for SMPP, ASCII elsewhere). */
  readonly textEncoding: TextEncoding;
  /** An MO the gateway sends; the client must read exactly this back. */
  readonly mo: InboundSms;
  /** Session options the protocol's channels run with (SGIP's short-lived links). */
  readonly session?: Partial<Omit<SessionOptions, 'id'>>;
  /**
   * SGIP: reports and MO come over a second connection the gateway opens to the client's own
   * server, which takes it with `acceptor`; the gateway logs in with `binder` and `credentials`.
   */
  readonly callback?: {
    readonly acceptor: BindAcceptor<P>;
    readonly binder: Binder<P, unknown>;
    readonly account: string;
    readonly secret: string;
    readonly credentials: unknown;
  };
}

const WINDOW = 16;
const SUBMITS = 200;
const LONG_TEXT =
  '【测试】您好，这是一条用于验证长短信拆分与重组的中文消息。内容超过七十个字，因此会被拆成两条带用户数据头的短信，每条最多六十七个字；手机收到后按参考号和序号拼回原文。';

interface Accepted {
  readonly ids: readonly string[];
  readonly to: readonly string[];
  readonly from: string;
  readonly content: Buffer;
  readonly part: { readonly ref: number; readonly total: number; readonly seq: number } | null;
}

/** Both ends of one protocol over loopback, with what each side saw. */
class World<P extends Pdu, C> {
  readonly accepted: Accepted[] = [];
  readonly reports: StatusReport[] = [];
  readonly mos: InboundSms[] = [];
  outstanding = 0;
  peak = 0;
  private readonly gatewayServer: SessionServer<P>;
  private callbackServer: SessionServer<P> | null = null;
  private readonly sessions: Session<P>[] = [];
  private gatewayPort = 0;

  constructor(private readonly subject: ConformanceSubject<P, C>) {
    const { gateway } = subject;
    const handler: RequestHandler<P> = async (request) => {
      const submit = gateway.received(request);
      if (submit === null) return gateway.protocol.reject(request, 'unsupported');
      this.outstanding++;
      this.peak = Math.max(this.peak, this.outstanding);
      // Answer a little later, so the client's window fills as it does against a real gateway.
      await new Promise((resolve) => setTimeout(resolve, 2));
      this.outstanding--;
      const ids = gateway.messageIds(request, new Date());
      this.accepted.push({ ids, to: submit.to, from: submit.from, content: submit.content, part: submit.part });
      return gateway.submitReply(request, { ok: true, messageIds: ids });
    };
    this.gatewayServer = new SessionServer<P>({
      protocol: gateway.protocol,
      acceptor: gateway.acceptor,
      name: `${subject.name} gateway`,
      lookup: (info) =>
        info.account === subject.account ? { account: subject.account, secret: subject.secret } : null,
      admit: () => ({ handler }),
    });
  }

  get server(): SessionServer<P> {
    return this.gatewayServer;
  }

  async start(): Promise<void> {
    this.gatewayPort = await this.gatewayServer.listen(0, '127.0.0.1');
  }

  /** Our client, bound with `secret`; inbound reports and MO (same-session protocols) are collected. */
  async connect(secret: string, session: Partial<Omit<SessionOptions, 'id'>> = {}): Promise<Session<P>> {
    const { session: client, bind } = await connectAndBind({
      protocol: this.subject.carrier.protocol,
      binder: this.subject.binder,
      credentials: this.subject.credentials(secret),
      host: '127.0.0.1',
      port: this.gatewayPort,
      name: `${this.subject.name} client`,
      session: { ...this.subject.session, window: WINDOW, ...session },
      handler: this.inboundHandler,
    });
    this.sessions.push(client);
    this.bindVersion = bind.version;
    return client;
  }

  bindVersion: number | undefined;

  /**
   * The session the gateway sends reports and MO over: the client's own (found on the server),
   * or for SGIP a connection the gateway opens and binds to the client's callback server.
   */
  async reportSession(): Promise<Session<P>> {
    const callback = this.subject.callback;
    if (callback === undefined) {
      const [bound] = this.gatewayServer.bound;
      if (bound === undefined) throw new Error('no client is bound to the gateway');
      return bound;
    }
    this.callbackServer ??= new SessionServer<P>({
      protocol: this.subject.carrier.protocol,
      acceptor: callback.acceptor,
      name: `${this.subject.name} client callback`,
      lookup: (info) =>
        info.account === callback.account ? { account: callback.account, secret: callback.secret } : null,
      admit: () => ({ handler: this.inboundHandler }),
    });
    const port = await this.callbackServer.listen(0, '127.0.0.1');
    const { session } = await connectAndBind({
      protocol: this.subject.gateway.protocol,
      binder: callback.binder,
      credentials: callback.credentials,
      host: '127.0.0.1',
      port,
      name: `${this.subject.name} gateway callback`,
      session: { ...this.subject.session, window: WINDOW },
    });
    this.sessions.push(session);
    return session;
  }

  private readonly inboundHandler: RequestHandler<P> = (request) => {
    const event = this.subject.carrier.inbound(request);
    if (event.kind === 'report') this.reports.push(event.report);
    else if (event.kind === 'mo') this.mos.push(event.sms);
    return this.subject.carrier.inboundReply(request, true);
  };

  async stop(): Promise<void> {
    for (const session of this.sessions) session.destroy();
    await this.gatewayServer.close();
    await this.callbackServer?.close();
  }
}

function segment<P extends Pdu, C>(subject: ConformanceSubject<P, C>, i: number): OutboundSegment {
  return {
    to: subject.recipient(i),
    from: '1069000188',
    encoding: subject.textEncoding,
    payload: Buffer.from(`code ${i}`, 'latin1'),
    udh: null,
    part: null,
    wantReport: true,
    priority: 1,
  };
}

/** Frames of the protocol our client and gateway really exchange, to cut and corrupt. */
function sampleFrames<P extends Pdu, C>(subject: ConformanceSubject<P, C>): Buffer[] {
  const { carrier, gateway } = subject;
  const submit = carrier.submit(segment(subject, 1));
  const now = new Date('2026-11-21T07:00:00Z');
  const ids = gateway.messageIds(submit, now);
  const report = gateway.report({
    messageId: ids[0] ?? '',
    recipient: subject.recipient(1),
    from: '1069000188',
    state: 'DELIVRD',
    submittedAt: now,
    doneAt: now,
  });
  return [
    carrier.protocol.encode(submit),
    gateway.protocol.encode(gateway.submitReply(submit, { ok: true, messageIds: ids })),
    gateway.protocol.encode(report),
    gateway.protocol.encode(gateway.mo(subject.mo)),
  ];
}

/** Decodes `frame`: a PDU, or the DecodeError it threw; any other throw fails the test. */
function decodeOrDecodeError<P extends Pdu, C>(subject: ConformanceSubject<P, C>, frame: Buffer): 'pdu' | DecodeError {
  try {
    subject.carrier.protocol.decode(frame);
    return 'pdu';
  } catch (error) {
    if (error instanceof DecodeError) return error;
    throw new Error(`decode threw ${String(error)} instead of a DecodeError for ${frame.toString('hex')}`, {
      cause: error,
    });
  }
}

export function describeConformance<P extends Pdu, C>(subject: ConformanceSubject<P, C>): void {
  describe(`${subject.name} conformance`, () => {
    let world: World<P, C>;
    afterEach(async () => {
      await world.stop();
    });
    async function started(): Promise<World<P, C>> {
      world = new World(subject);
      await world.start();
      return world;
    }

    it('binds with the right secret, reporting the version, and refuses a wrong one with its status', async () => {
      const w = await started();
      const refused = await w.connect('not-it').catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(BindError);
      expect((refused as BindError).status).toBe(subject.wrongSecretStatus);
      const client = await w.connect(subject.secret);
      expect(client.state).toBe('bound');
      if (w.bindVersion !== undefined) expect(w.bindVersion).toBe(subject.carrier.protocol.version);
      expect(w.server.bound).toHaveLength(1);
    });

    it(`sends ${SUBMITS} submits at once through a window of ${WINDOW}, each answered with its own id`, async () => {
      const w = await started();
      const client = await w.connect(subject.secret);
      const outcomes = await Promise.all(
        Array.from({ length: SUBMITS }, async (_, i) => {
          const request = subject.carrier.submit(segment(subject, i));
          return subject.carrier.submitOutcome(request, await client.request(request));
        }),
      );
      expect(w.peak).toBe(WINDOW); // the window was full, and never more than full
      const ids = outcomes.map((outcome) => (outcome.ok ? outcome.carrierMessageId : `failed ${outcome.status}`));
      expect(new Set(ids).size).toBe(SUBMITS);
      for (const id of ids) expect(id).toMatch(subject.messageId);
      expect(w.accepted.map((a) => decodeText(a.content, subject.textEncoding)).sort()).toEqual(
        Array.from({ length: SUBMITS }, (_, i) => `code ${i}`).sort(),
      );
    });

    it('sends a long message as UDH parts the gateway puts back together', async () => {
      const w = await started();
      const client = await w.connect(subject.secret);
      const split = splitText(LONG_TEXT, { encoding: 'ucs2', reference: 0x42 });
      expect(split.segments.length).toBe(2);
      for (const part of split.segments) {
        const request = subject.carrier.submit({
          ...segment(subject, 7),
          encoding: 'ucs2',
          payload: part.payload,
          udh: part.udh,
          part: part.part,
        });
        expect(subject.carrier.submitOutcome(request, await client.request(request)).ok).toBe(true);
      }
      expect(w.accepted.map((a) => a.part)).toEqual(split.segments.map((s) => s.part));
      expect(decodeText(Buffer.concat(w.accepted.map((a) => a.content)), 'ucs2')).toBe(LONG_TEXT);
    });

    it("matches every submit's status report to its id and recipient", async () => {
      const w = await started();
      const client = await w.connect(subject.secret);
      const outcomes = await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const request = subject.carrier.submit(segment(subject, i));
          const outcome = subject.carrier.submitOutcome(request, await client.request(request));
          return { outcome, to: subject.recipient(i) };
        }),
      );
      const reports = await w.reportSession();
      const submittedAt = new Date(Date.now() - 60_000);
      const answers = await Promise.all(
        w.accepted.map((a, i) =>
          reports.request(
            subject.gateway.report({
              messageId: a.ids[0] ?? '',
              recipient: a.to[0] ?? '',
              from: a.from,
              state: i % 10 === 0 ? 'UNDELIV' : 'DELIVRD',
              submittedAt,
              doneAt: new Date(),
            }),
          ),
        ),
      );
      expect(answers.every((answer) => subject.gateway.deliverAccepted(answer))).toBe(true);
      await vi.waitFor(() => expect(w.reports).toHaveLength(50));
      const sent = new Map(outcomes.map(({ outcome, to }) => [outcome.ok ? outcome.carrierMessageId : '', to]));
      for (const report of w.reports) expect(sent.get(report.carrierMessageId)).toBe(report.recipient);
      expect(new Set(w.reports.map((r) => r.carrierMessageId)).size).toBe(50);
      expect(w.reports.every((r) => r.protocol === subject.carrier.protocol.name)).toBe(true);
      expect(w.reports.filter((r) => r.state === 'UNDELIV')).toHaveLength(5);
      expect(w.reports.filter((r) => r.state === 'DELIVRD')).toHaveLength(45);
    });

    it('reads an MO from the gateway exactly as it was sent', async () => {
      const w = await started();
      await w.connect(subject.secret);
      const reports = await w.reportSession();
      const answer = await reports.request(subject.gateway.mo(subject.mo));
      expect(subject.gateway.deliverAccepted(answer)).toBe(true);
      await vi.waitFor(() => expect(w.mos).toHaveLength(1));
      expect(w.mos[0]).toEqual(subject.mo);
    });

    it('keeps an idle link alive with its keep-alive exchange (SGIP has none and stays silent)', async () => {
      const w = await started();
      // The engine checks for silence every responseTimeoutMs / 4, so a short timeout makes probes prompt.
      const client = await w.connect(subject.secret, { keepAliveIntervalMs: 50, responseTimeoutMs: 400 });
      const trace: string[] = [];
      client.on('pdu', (direction, pdu) => trace.push(`${direction} ${pdu.command}`));
      const keepAlive = subject.carrier.protocol.keepAlive;
      if (keepAlive === undefined) {
        // An absence can only be watched for a while: four keep-alive intervals and more.
        await new Promise((resolve) => setTimeout(resolve, 400));
        expect(trace).toEqual([]);
      } else {
        const probe = keepAlive.request();
        const answer = keepAlive.reply(probe);
        await vi.waitFor(() => expect(trace).toContain(`in ${answer.command}`), { timeout: 5_000 });
        expect(trace).toContain(`out ${probe.command}`);
      }
      expect(client.state).toBe('bound');
    });

    it('unbinds with its exchange, and both ends close', async () => {
      const w = await started();
      const client = await w.connect(subject.secret);
      const serverClosed = new Promise<Error | null>((resolve) =>
        w.server.once('closed', (_session, reason) => resolve(reason)),
      );
      const trace: string[] = [];
      client.on('pdu', (direction, pdu) => trace.push(`${direction} ${pdu.command}`));
      await client.close('conformance done');
      const request = subject.carrier.protocol.unbind.request();
      expect(trace).toEqual([`out ${request.command}`, `in ${subject.carrier.protocol.unbind.reply(request).command}`]);
      expect(client.state).toBe('closed');
      expect(await serverClosed).toBeNull();
      expect(w.server.bound).toHaveLength(0);
    });

    it('decodes malformed bytes to a DecodeError and nothing else', () => {
      world = new World(subject); // nothing to start; afterEach stops it
      const { protocol } = subject.carrier;
      const frames = sampleFrames(subject);
      for (const frame of frames) {
        // Every cut of the body, the length field telling the truth about the cut: a PDU or a
        // DecodeError (SMPP allows some bodies to end early), and some cut is always refused.
        let refused = 0;
        for (let length = protocol.headerLength; length < frame.length; length++) {
          const cut = Buffer.from(frame.subarray(0, length));
          cut.writeUInt32BE(length, 0);
          if (decodeOrDecodeError(subject, cut) !== 'pdu') refused++;
        }
        expect(refused).toBeGreaterThan(0);
        // A length field that disagrees with the frame, and a command id no one defined.
        const lying = Buffer.from(frame);
        lying.writeUInt32BE(frame.length + 7, 0);
        expect(decodeOrDecodeError(subject, lying)).toBeInstanceOf(DecodeError);
        const unknown = Buffer.from(frame);
        unknown.writeUInt32BE(0x7fff_0f0f, 4);
        expect(decodeOrDecodeError(subject, unknown)).toBeInstanceOf(DecodeError);
      }
      // A submit whose body stops after one byte is never a submit.
      const submit = frames[0]!;
      const stub = Buffer.from(submit.subarray(0, protocol.headerLength + 1));
      stub.writeUInt32BE(stub.length, 0);
      expect(decodeOrDecodeError(subject, stub)).toBeInstanceOf(DecodeError);
    });
  });
}
