import { afterEach, describe, expect, it } from 'vitest';
import {
  BindError,
  connectAndBind,
  type InboundEvent,
  type OutboundSegment,
  type RequestHandler,
  type Session,
  SessionServer,
  type SessionOptions,
} from '../../src/index.js';
import {
  CommandStatus,
  type SmppCredentials,
  type SmppPdu,
  smppBinder,
  smppCarrierDialect,
  smppGatewayDialect,
  type SmppVersion,
} from '../../src/smpp/index.js';

/*
 * SMPP end to end over loopback TCP through the shared engine: our ESME (engine client + smppBinder
 * + carrier dialect) against our SMSC (engine server + smppBindAcceptor + gateway dialect). What
 * every protocol must do (bind, window, long messages, reports, MO, keep-alive, unbind, malformed
 * bytes) is ../conformance/; here is what only SMPP has.
 */

const HOST = '127.0.0.1';
const ESME = { systemId: 'esme01', password: 'secret' };

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

interface Gateway {
  readonly port: number;
  readonly server: SessionServer<SmppPdu>;
  /** Submits accepted: message id, recipient, text bytes. */
  readonly accepted: { id: string; to: string; content: Buffer }[];
  /** Most submits held unanswered at once. */
  peak: number;
  /** Reports the client refused. */
  refusedReports: number;
  readonly pushErrors: unknown[];
}

/**
 * An SMSC that answers each submit 1–4 ms later (so the client's window fills), then sends the
 * receipt over the same session; a submit of "reply" also gets an MO back.
 */
async function startGateway(version: SmppVersion = 0x34, verdict: 'accept' | 'throttle' = 'accept'): Promise<Gateway> {
  const dialect = smppGatewayDialect({ systemId: 'SMSC', version, node: 3 });
  let outstanding = 0;
  const gw = { accepted: [], peak: 0, refusedReports: 0, pushErrors: [] } as unknown as Gateway;

  const handler: RequestHandler<SmppPdu> = (request, session) => {
    const submit = dialect.received(request);
    if (submit === null) return dialect.protocol.reject(request, 'unsupported');
    if (verdict === 'throttle') return dialect.submitReply(request, { ok: false, reason: 'throttled' });
    outstanding++;
    gw.peak = Math.max(gw.peak, outstanding);
    const ids = dialect.messageIds(request, new Date());
    return new Promise((resolve) =>
      setTimeout(
        () => {
          outstanding--;
          submit.to.forEach((to, i) => gw.accepted.push({ id: ids[i]!, to, content: submit.content }));
          resolve(dialect.submitReply(request, { ok: true, messageIds: ids }));
          // A test may end (and close the session) before every receipt went out.
          setTimeout(() => {
            pushInbound(session, submit, ids).catch((error: unknown) => gw.pushErrors.push(error));
          }, 1);
        },
        1 + Math.random() * 3,
      ),
    );
  };

  async function pushInbound(
    session: Session<SmppPdu>,
    submit: NonNullable<ReturnType<typeof dialect.received>>,
    ids: readonly string[],
  ): Promise<void> {
    const now = new Date();
    for (const [i, to] of submit.to.entries()) {
      if (submit.wantReport) {
        const response = await session.request(
          dialect.report({
            messageId: ids[i]!,
            recipient: to,
            from: submit.from,
            state: 'DELIVRD',
            submittedAt: now,
            doneAt: now,
          }),
        );
        if (!dialect.deliverAccepted(response)) gw.refusedReports++;
      }
      if (submit.content.toString('latin1') === 'reply') {
        await session.request(
          dialect.mo({
            protocol: 'smpp',
            from: to,
            to: submit.from,
            encoding: 'gsm7',
            content: Buffer.from('yes please'),
          }),
        );
      }
    }
  }

  const server = new SessionServer<SmppPdu>({
    protocol: dialect.protocol,
    acceptor: dialect.acceptor,
    name: 'smsc',
    lookup: (info) => (info.account === ESME.systemId ? { account: ESME.systemId, secret: ESME.password } : null),
    admit: () => ({ handler }),
  });
  const port = await server.listen(0, HOST);
  cleanups.push(() => server.close());
  return Object.assign(gw, { port, server });
}

interface Client {
  readonly session: Session<SmppPdu>;
  readonly carrier: ReturnType<typeof smppCarrierDialect>;
  readonly inbound: InboundEvent<SmppPdu>[];
  readonly bind: { version?: number; peer?: string };
}

async function startClient(
  gw: Gateway,
  credentials: Partial<SmppCredentials> = {},
  session: Partial<Omit<SessionOptions, 'id'>> = {},
  version: SmppVersion = 0x34,
): Promise<Client> {
  const carrier = smppCarrierDialect({ version });
  const inbound: InboundEvent<SmppPdu>[] = [];
  const { session: s, bind } = await connectAndBind({
    protocol: carrier.protocol,
    binder: smppBinder(version),
    credentials: { ...ESME, mode: 'transceiver', ...credentials },
    host: HOST,
    port: gw.port,
    name: 'smpp-esme',
    session: { window: 16, ...session },
    handler: (request) => {
      inbound.push(carrier.inbound(request));
      return carrier.inboundReply(request, true);
    },
  });
  cleanups.push(() => s.destroy());
  return { session: s, carrier, inbound, bind };
}

function segment(i: number, payload = `code ${i}`): OutboundSegment {
  return {
    to: `86138${String(i).padStart(8, '0')}`,
    from: '10690001',
    encoding: 'gsm7',
    payload: Buffer.from(payload),
    udh: null,
    part: null,
    wantReport: true,
    priority: 1,
  };
}

describe('smpp loopback: our ESME against our SMSC', () => {
  it('refuses a wrong password with ESME_RINVPASWD and an unknown system_id with ESME_RINVSYSID', async () => {
    const gw = await startGateway();
    const wrong = await startClient(gw, { password: 'nope' }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(BindError);
    expect((wrong as BindError).status).toBe(CommandStatus.ESME_RINVPASWD);
    const unknown = await startClient(gw, { systemId: 'nobody' }).catch((e: unknown) => e);
    expect((unknown as BindError).status).toBe(CommandStatus.ESME_RINVSYSID);
    expect((unknown as BindError).message).toContain('ESME_RINVSYSID');
  });

  it('hears the gateway throttle it', async () => {
    const gw = await startGateway(0x34, 'throttle');
    const client = await startClient(gw);
    const pdu = client.carrier.submit(segment(1));
    expect(client.carrier.submitOutcome(pdu, await client.session.request(pdu))).toMatchObject({
      ok: false,
      kind: 'throttled',
      status: CommandStatus.ESME_RTHROTTLED,
    });
  });

  it('speaks 3.3: bind_transmitter, no TLVs, text-only receipts', async () => {
    const gw = await startGateway(0x33);
    const client = await startClient(gw, { mode: 'transmitter' }, {}, 0x33);
    expect(client.bind.version).toBe(0x33);
    const pdu = client.carrier.submit(segment(3));
    const outcome = client.carrier.submitOutcome(pdu, await client.session.request(pdu));
    expect(outcome.ok).toBe(true);
    await expect.poll(() => client.inbound.length).toBeGreaterThanOrEqual(1);
    expect(client.inbound[0]).toMatchObject({
      kind: 'report',
      report: { carrierMessageId: outcome.ok ? outcome.carrierMessageId : '', state: 'DELIVRD' },
    });
  });
});
