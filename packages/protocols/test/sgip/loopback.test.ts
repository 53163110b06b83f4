import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  BindError,
  connectAndBind,
  SessionServer,
  type InboundEvent,
  type OutboundSegment,
  type RequestHandler,
  Session,
  type SessionOptions,
} from '@smshub/protocols';
import {
  LoginType,
  sgipCarrierDialect,
  sgipGatewayDialect,
  type SgipCredentials,
  type SgipPdu,
} from '@smshub/protocols/sgip';
import { decodeText, splitText } from '@smshub/sms';

/*
 * SGIP's two connections end to end over loopback TCP, through the shared engine (what every
 * protocol must do is ../conformance/; here is what only SGIP has):
 *   smshub (SP) ──BIND type 1, SUBMIT──▶ simulated SMG          (carrier dialect → gateway dialect)
 *   smshub (SP) ◀──BIND type 2, REPORT / DELIVER── simulated SMG (gateway dialect → carrier dialect)
 */

const HOST = '127.0.0.1';
const SP = { loginName: 'sp001', password: 'secret' };
const SMG = { loginName: 'smg', password: 'cbsecret' };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

interface World {
  readonly carrier: ReturnType<typeof sgipCarrierDialect>;
  readonly gateway: ReturnType<typeof sgipGatewayDialect>;
  readonly smgPort: number;
  readonly spPort: number;
  /** Submits the SMG accepted, as (message id, recipient, sender). */
  readonly accepted: { id: string; to: string; from: string }[];
  /** What the SP's callback server was given. */
  readonly inbound: InboundEvent<SgipPdu>[];
  /** Most SUBMITs the SMG held unanswered at once. */
  readonly peak: () => number;
  readonly smgServer: SessionServer<SgipPdu>;
  readonly spServer: SessionServer<SgipPdu>;
}

/** Starts the simulated SMG (takes LoginType 1) and smshub's callback server (takes LoginType 2). */
async function world(): Promise<World> {
  const carrier = sgipCarrierDialect({ nodeId: 3010012345, spNumber: '10655', corpId: '12345', serviceType: 'NOTICE' });
  const gateway = sgipGatewayDialect({ nodeId: 101001 });
  const accepted: World['accepted'] = [];
  const inbound: InboundEvent<SgipPdu>[] = [];
  let outstanding = 0;
  let peak = 0;

  // The SMG answers each SUBMIT a few milliseconds later, so the client's window fills up.
  const smgHandler: RequestHandler<SgipPdu> = (request) => {
    const submit = gateway.received(request);
    if (submit === null) return gateway.protocol.reject(request, 'unsupported');
    outstanding++;
    peak = Math.max(peak, outstanding);
    const ids = gateway.messageIds(request, new Date());
    return new Promise((resolve) =>
      setTimeout(
        () => {
          outstanding--;
          ids.forEach((id, i) => accepted.push({ id, to: submit.to[i]!, from: submit.from }));
          resolve(gateway.submitReply(request, { ok: true, messageIds: ids }));
        },
        1 + Math.random() * 4,
      ),
    );
  };
  const smgServer = new SessionServer<SgipPdu>({
    protocol: gateway.protocol,
    acceptor: gateway.acceptor,
    name: 'smg',
    lookup: (info) => (info.account === SP.loginName ? { account: SP.loginName, secret: SP.password } : null),
    admit: () => ({ handler: smgHandler }),
  });

  const spHandler: RequestHandler<SgipPdu> = (request) => {
    const event = carrier.inbound(request);
    inbound.push(event);
    return carrier.inboundReply(request, true);
  };
  const spServer = new SessionServer<SgipPdu>({
    protocol: carrier.protocol,
    acceptor: carrier.callbackAcceptor,
    name: 'sp-callback',
    lookup: (info) => (info.account === SMG.loginName ? { account: SMG.loginName, secret: SMG.password } : null),
    admit: () => ({ handler: spHandler }),
  });

  const smgPort = await smgServer.listen(0, HOST);
  const spPort = await spServer.listen(0, HOST);
  cleanups.push(
    () => smgServer.close(),
    () => spServer.close(),
  );
  return { carrier, gateway, smgPort, spPort, accepted, inbound, peak: () => peak, smgServer, spServer };
}

/** smshub binds to the SMG to submit. */
async function spClient(w: World, credentials: SgipCredentials, session: Partial<Omit<SessionOptions, 'id'>> = {}) {
  const { session: s } = await connectAndBind({
    protocol: w.carrier.protocol,
    binder: w.carrier.binder,
    credentials,
    host: HOST,
    port: w.smgPort,
    name: 'sgip-sp',
    session,
  });
  cleanups.push(() => s.destroy());
  return s;
}

/** The SMG binds back to smshub's callback server to deliver. */
async function smgCallback(w: World, credentials: SgipCredentials, session: Partial<Omit<SessionOptions, 'id'>> = {}) {
  const { session: s } = await connectAndBind({
    protocol: w.gateway.protocol,
    binder: w.gateway.callbackBinder,
    credentials,
    host: HOST,
    port: w.spPort,
    name: 'sgip-smg-callback',
    session,
  });
  cleanups.push(() => s.destroy());
  return s;
}

function segment(i: number): OutboundSegment {
  return {
    to: `130${String(10_000_000 + i).slice(-8)}`,
    from: '10655001',
    encoding: 'ascii',
    payload: Buffer.from(`code ${i}`),
    udh: null,
    part: null,
    wantReport: true,
    priority: 1,
  };
}

function closed(session: Session<SgipPdu>): Promise<void> {
  return session.state === 'closed'
    ? Promise.resolve()
    : new Promise((resolve) => session.once('close', () => resolve()));
}

describe('sgip loopback: SP client + SMG simulator over both connections', () => {
  it('refuses a wrong password (Result 1) and a login type the server does not take (Result 4)', async () => {
    const w = await world();
    const wrong = spClient(w, w.carrier.submitCredentials(SP.loginName, 'wrong'));
    await expect(wrong).rejects.toBeInstanceOf(BindError);
    await expect(wrong).rejects.toMatchObject({ status: 1 });
    // The SMG must log in to the SP as type 2; type 1 is the SP's own login.
    const misTyped = smgCallback(w, { ...SMG, loginType: LoginType.SP_TO_SMG });
    await expect(misTyped).rejects.toMatchObject({ status: 4 });
    const unknown = smgCallback(w, w.gateway.callbackCredentials('nobody', SMG.password));
    await expect(unknown).rejects.toMatchObject({ status: 1 });
  });

  it('delivers a long Chinese MO in two UDH parts that reassemble on the SP side', async () => {
    const w = await world();
    const smg = await smgCallback(w, w.gateway.callbackCredentials(SMG.loginName, SMG.password));
    const text = '您好，我想咨询一下本月的电费账单为什么比上个月高出这么多，请尽快回复。'.repeat(3);
    const split = splitText(text, { encoding: 'ucs2', reference: 77 });
    expect(split.segments.length).toBeGreaterThan(1);
    for (const part of split.segments) {
      const reply = await smg.request(
        w.gateway.mo({
          protocol: 'sgip',
          from: '13012345678',
          to: '10655001',
          encoding: 'ucs2',
          content: part.payload,
          ...(part.part === null ? {} : { concat: part.part }),
        }),
      );
      expect(w.gateway.deliverAccepted(reply)).toBe(true);
    }
    const mo = w.inbound.flatMap((e) => (e.kind === 'mo' ? [e.sms] : []));
    expect(mo).toHaveLength(split.segments.length);
    expect(mo.map((m) => m.concat)).toEqual(split.segments.map((s) => s.part));
    expect(mo.every((m) => m.from === '13012345678' && m.to === '10655001')).toBe(true);
    expect(decodeText(Buffer.concat(mo.map((m) => m.content)), 'ucs2')).toBe(text);
  });

  it('a USERRPT reaches the SP as "other" and is answered', async () => {
    const w = await world();
    const smg = await smgCallback(w, w.gateway.callbackCredentials(SMG.loginName, SMG.password));
    const reply = await smg.request({
      command: 'userrpt',
      sequence: { node: 0, time: 0, seq: 0 },
      spNumber: '10655',
      userNumber: '8613012345678',
      userCondition: 0,
    });
    expect(reply).toMatchObject({ command: 'userrpt_resp', result: 0 });
    expect(w.inbound).toEqual([{ kind: 'other', request: expect.objectContaining({ command: 'userrpt' }) }]);
  });

  it('an idle callback link unbinds itself (SGIP links are short-lived and have no keep-alive)', async () => {
    const w = await world();
    // SGIP links are short-lived: with an idle timeout the callback link closes by UNBIND.
    const serverClosed = new Promise((resolve) => w.spServer.once('closed', resolve));
    const smg = await smgCallback(w, w.gateway.callbackCredentials(SMG.loginName, SMG.password), {
      idleTimeoutMs: 150,
      responseTimeoutMs: 400,
    });
    const trace: string[] = [];
    smg.on('pdu', (direction, pdu) => trace.push(`${direction} ${pdu.command}`));
    await closed(smg);
    await serverClosed;
    expect(trace).toEqual(['out unbind', 'in unbind_resp']);
  });

  it('a SUBMIT before BIND is refused with Result 1 (not bound)', async () => {
    const w = await world();
    // Raw session that skips BIND and submits straight away.
    const socket = net.connect(w.smgPort, HOST);
    await new Promise((resolve) => socket.once('connect', resolve));
    const raw = new Session(w.carrier.protocol, socket, { id: 'raw' });
    cleanups.push(() => raw.destroy());
    const response = await raw.request(w.carrier.submit(segment(2)));
    expect(response).toMatchObject({ command: 'submit_resp', result: 1 });
  });
});
