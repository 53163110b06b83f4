import { expect } from 'vitest';
import {
  BindError,
  type Binder,
  type CarrierDialect,
  connectAndBind,
  type GatewayDialect,
  type InboundSms,
  type OutboundSegment,
  type Pdu,
  type RequestHandler,
  type Session,
  SessionServer,
  type StatusReport,
} from '@smshub/protocols';

/**
 * In-process loopback shared by the SMGP and CNGP tests: our client (engine client + Binder +
 * CarrierDialect) against an engine SessionServer running the BindAcceptor and GatewayDialect.
 * Checks: bind, wrong-secret refusal, 200 submits through a window of 16, a report per submit
 * and an MO back, keep-alive both ways, unbind.
 */
export interface LoopbackSetup<P extends Pdu, C> {
  readonly name: string;
  readonly carrier: CarrierDialect<P>;
  readonly gateway: GatewayDialect<P>;
  readonly binder: Binder<P, C>;
  readonly account: string;
  readonly secret: string;
  readonly credentials: (secret: string) => C;
  readonly refusedStatus: number;
  readonly mo: InboundSms;
}

const UCS2_NI_HAO = Buffer.from('4f60597d', 'hex');

function segment(i: number): OutboundSegment {
  return {
    to: `138${String(i).padStart(8, '0')}`,
    from: '1069000188',
    encoding: 'ucs2',
    payload: UCS2_NI_HAO,
    udh: i % 2 === 0 ? Buffer.from([0x05, 0x00, 0x03, i & 0xff, 2, 1]) : null,
    part: i % 2 === 0 ? { ref: i & 0xff, total: 2, seq: 1 } : null,
    wantReport: true,
    priority: 1,
  };
}

async function until(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

export async function runLoopback<P extends Pdu, C>(setup: LoopbackSetup<P, C>): Promise<void> {
  const { carrier, gateway } = setup;
  let inFlight = 0;
  let maxInFlight = 0;
  let reportsAccepted = 0;
  const received: string[] = [];

  const gatewayHandler: RequestHandler<P> = async (request, session) => {
    const submit = gateway.received(request);
    if (submit === null) return gateway.protocol.reject(request, 'unsupported');
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise((resolve) => setTimeout(resolve, 2)); // let the client fill its window
    inFlight--;
    received.push(submit.content.toString('hex'));
    const submittedAt = new Date();
    const ids = gateway.messageIds(request, submittedAt);
    const recipient = submit.to[0]!;
    setImmediate(() => {
      const report = gateway.report({
        messageId: ids[0]!,
        recipient,
        from: submit.from,
        state: 'DELIVRD',
        submittedAt,
        doneAt: new Date(),
      });
      session.request(report).then(
        (response) => {
          if (gateway.deliverAccepted(response)) reportsAccepted++;
        },
        () => undefined, // only when a failed run tears the session down mid-report
      );
    });
    return gateway.submitReply(request, { ok: true, messageIds: ids });
  };

  const server = new SessionServer<P>({
    protocol: gateway.protocol,
    acceptor: gateway.acceptor,
    name: `${setup.name}-gateway`,
    lookup: (info) => (info.account === setup.account ? { account: setup.account, secret: setup.secret } : null),
    admit: () => ({ handler: gatewayHandler }),
    session: { keepAliveIntervalMs: 0 },
  });
  const port = await server.listen(0);
  let client: Session<P> | undefined;
  try {
    // Wrong secret: the acceptor refuses and the binder names the protocol status.
    const refused = connectAndBind({
      protocol: carrier.protocol,
      binder: setup.binder,
      credentials: setup.credentials('not-the-secret'),
      host: '127.0.0.1',
      port,
      name: `${setup.name}-client`,
    });
    await expect(refused).rejects.toBeInstanceOf(BindError);
    await expect(refused).rejects.toMatchObject({ status: setup.refusedStatus });

    const reports: StatusReport[] = [];
    const mos: InboundSms[] = [];
    const clientHandler: RequestHandler<P> = (request) => {
      const event = carrier.inbound(request);
      if (event.kind === 'report') reports.push(event.report);
      else if (event.kind === 'mo') mos.push(event.sms);
      else return null;
      return carrier.inboundReply(request, true);
    };
    const bound = await connectAndBind({
      protocol: carrier.protocol,
      binder: setup.binder,
      credentials: setup.credentials(setup.secret),
      host: '127.0.0.1',
      port,
      name: `${setup.name}-client`,
      session: { window: 16, keepAliveIntervalMs: 40, responseTimeoutMs: 2_000 },
      handler: clientHandler,
    });
    client = bound.session;
    expect(bound.bind.version).toBe(carrier.protocol.version);
    const trace: string[] = [];
    client.on('pdu', (direction, pdu) => trace.push(`${direction} ${pdu.command}`));

    // 200 submits at once; the window lets 16 be outstanding.
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const request = carrier.submit(segment(i));
        return carrier.submitOutcome(request, await client!.request(request));
      }),
    );
    expect(maxInFlight).toBe(16);
    const ids = outcomes.map((outcome) => (outcome.ok ? outcome.carrierMessageId : `failed ${outcome.status}`));
    expect(new Set(ids).size).toBe(200);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{20}$/);
    expect(received.filter((hex) => hex === UCS2_NI_HAO.toString('hex'))).toHaveLength(200);

    // Every submit's report comes back and is acknowledged.
    await until(() => reports.length === 200 && reportsAccepted === 200, '200 reports');
    expect(new Set(reports.map((report) => report.carrierMessageId))).toEqual(new Set(ids));
    expect(reports.every((report) => report.state === 'DELIVRD' && report.protocol === setup.name)).toBe(true);

    // An MO pushed by the gateway arrives intact.
    const [gatewaySide] = server.bound;
    const moResponse = await gatewaySide!.request(gateway.mo(setup.mo));
    expect(gateway.deliverAccepted(moResponse)).toBe(true);
    expect(mos).toEqual([setup.mo]);

    // Keep-alive: after 40 ms of silence the client probes and the gateway engine answers.
    await until(() => trace.includes('in active_test_resp'), 'an active test response');
    expect(trace).toContain('out active_test');
    expect(client.state).toBe('bound');

    // Unbind: Exit out, Exit_Resp in, session closed.
    await client.close();
    expect(trace.slice(-2)).toEqual(['out exit', 'in exit_resp']);
    expect(client.state).toBe('closed');
  } finally {
    client?.destroy();
    await server.close();
  }
}
