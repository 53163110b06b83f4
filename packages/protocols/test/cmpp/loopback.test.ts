import { decodeText, encodeText, splitText } from '@smshub/sms';
import { afterEach, describe, expect, it } from 'vitest';
import { cmppBinder, cmppCarrierDialect, cmppGatewayDialect } from '../../src/cmpp/index.js';
import type { CmppCredentials, CmppPdu, CmppVersion } from '../../src/cmpp/index.js';
import type { InboundSms, StatusReport } from '../../src/carrier-forms.js';
import type { OutboundSegment, SubmitOutcome } from '../../src/dialect.js';
import { connectAndBind } from '../../src/engine/client.js';
import { BindError } from '../../src/engine/errors.js';
import { SessionServer } from '../../src/engine/server.js';
import type { Session } from '../../src/engine/session.js';

/**
 * Our client (engine client + cmppBinder + CMPP carrier dialect) against an engine server with
 * the CMPP acceptor + gateway dialect, over real loopback TCP, for both versions.
 */
const SP_ID = '900001';
const SECRET = 'secret88';
const stops: Array<() => Promise<void>> = [];

afterEach(async () => {
  while (stops.length > 0) await stops.pop()?.();
});

interface Accepted {
  readonly ids: readonly string[];
  readonly to: string;
  readonly from: string;
}

async function startGateway(version: CmppVersion) {
  const gateway = cmppGatewayDialect({ version, gatewayCode: 0x1234 });
  const accepted: Accepted[] = [];
  const sessions: Session<CmppPdu>[] = [];
  let outstanding = 0;
  let maxOutstanding = 0;
  const server = new SessionServer<CmppPdu>({
    protocol: gateway.protocol,
    acceptor: gateway.acceptor,
    name: `cmpp-gw-${version.toString(16)}`,
    lookup: (info) => (info.account === SP_ID ? { account: SP_ID, secret: SECRET } : null),
    admit: (session) => {
      sessions.push(session);
      return {
        handler: async (request) => {
          const submit = gateway.received(request);
          if (submit === null) return gateway.protocol.reject(request, 'unsupported');
          outstanding++;
          maxOutstanding = Math.max(maxOutstanding, outstanding);
          // Answer a little later, so the client's window fills up as it would against a real gateway.
          await new Promise((resolve) => setTimeout(resolve, 2));
          outstanding--;
          if (decodeText(submit.content, submit.encoding) === 'slow down')
            return gateway.submitReply(request, { ok: false, reason: 'throttled' });
          const ids = gateway.messageIds(request, new Date());
          accepted.push({ ids, to: submit.to[0] ?? '', from: submit.from });
          return gateway.submitReply(request, { ok: true, messageIds: ids });
        },
      };
    },
    session: { keepAliveIntervalMs: 60_000 },
  });
  const port = await server.listen(0);
  stops.push(() => server.close());
  return { gateway, server, port, accepted, sessions, maxOutstanding: () => maxOutstanding };
}

function segment(text: string, index: number): OutboundSegment {
  const [part] = splitText(text, { encoding: 'ascii' }).segments;
  return {
    to: `138${index.toString().padStart(8, '0')}`,
    from: '1069000188',
    encoding: 'ascii',
    payload: part?.payload ?? Buffer.alloc(0),
    udh: null,
    part: null,
    wantReport: true,
    priority: 1,
  };
}

describe.each([0x20, 0x30] as const)('CMPP 0x%s loopback through the session engine', (version) => {
  it('bind, wrong-secret refusal, 200 submits in a window of 16, reports and MO back, keep-alive, unbind', async () => {
    const gw = await startGateway(version);
    const carrier = cmppCarrierDialect({ version, spId: SP_ID, serviceId: 'MHE0010', srcId: '1069000188' });
    const binder = cmppBinder({ version });
    const connect = (credentials: CmppCredentials, handler?: (request: CmppPdu) => CmppPdu | null) =>
      connectAndBind<CmppPdu, CmppCredentials>({
        protocol: carrier.protocol,
        binder,
        credentials,
        host: '127.0.0.1',
        port: gw.port,
        name: `cmpp-sp-${version.toString(16)}`,
        // The engine checks for silence every responseTimeoutMs / 4, so a short timeout makes probes prompt.
        session: { window: 16, keepAliveIntervalMs: 150, responseTimeoutMs: 1_000 },
        ...(handler === undefined ? {} : { handler }),
      });

    // Wrong secret: CONNECT_RESP status 3, the client gets a BindError and no session.
    const refused = await connect({ spId: SP_ID, secret: 'not-it' }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(BindError);
    expect((refused as BindError).status).toBe(3);
    expect((refused as BindError).message).toMatch(/authentication failed/);

    const reports: StatusReport[] = [];
    const mos: InboundSms[] = [];
    const { session, bind } = await connect({ spId: SP_ID, secret: SECRET }, (request) => {
      const event = carrier.inbound(request);
      if (event.kind === 'report') reports.push(event.report);
      else if (event.kind === 'mo') mos.push(event.sms);
      return carrier.inboundReply(request, true);
    });
    stops.push(() => session.close());
    expect(bind).toEqual({ version });
    const trace: Array<[string, string]> = [];
    session.on('pdu', (direction, pdu) => trace.push([direction, pdu.command]));

    // 200 submits at once: the session's window of 16 paces them.
    const outcomes = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const request = carrier.submit(segment(`code ${i}`, i));
        const response = await session.request(request);
        return carrier.submitOutcome(request, response);
      }),
    );
    expect(outcomes.every((o) => o.ok)).toBe(true);
    const ids = outcomes.map((o) => (o as Extract<SubmitOutcome, { ok: true }>).carrierMessageId);
    expect(new Set(ids).size).toBe(200);
    expect(gw.maxOutstanding()).toBeLessThanOrEqual(16);
    expect(gw.maxOutstanding()).toBeGreaterThan(1);
    expect(gw.accepted.map((a) => a.ids[0]).sort()).toEqual([...ids].sort());

    // Flow control over the wire: result 8 → throttled.
    const slow = carrier.submit(segment('slow down', 0));
    expect(carrier.submitOutcome(slow, await session.request(slow))).toMatchObject({
      ok: false,
      kind: 'throttled',
      status: 8,
    });

    // The gateway pushes a report for every accepted submit and one MO part on the same link.
    const [gatewaySession] = gw.sessions;
    if (gatewaySession === undefined) throw new Error('gateway has no session');
    const submittedAt = new Date(Date.now() - 60_000);
    const accepted = await Promise.all(
      gw.accepted.map(async (a, i) => {
        const deliver = gw.gateway.report({
          messageId: a.ids[0] ?? '',
          recipient: a.to,
          from: a.from,
          state: i % 10 === 0 ? 'UNDELIV' : 'DELIVRD',
          ...(i % 10 === 0 ? { error: 'MA:0054' } : {}),
          submittedAt,
          doneAt: new Date(),
        });
        return gw.gateway.deliverAccepted(await gatewaySession.request(deliver));
      }),
    );
    expect(accepted.every(Boolean)).toBe(true);
    const moContent = encodeText('查询话费', 'ucs2');
    const moReply = await gatewaySession.request(
      gw.gateway.mo({
        protocol: 'cmpp',
        from: '13912345678',
        to: '106900018801',
        encoding: 'ucs2',
        content: moContent,
        concat: { ref: 7, total: 2, seq: 1 },
      }),
    );
    expect(gw.gateway.deliverAccepted(moReply)).toBe(true);

    expect(reports).toHaveLength(200);
    expect(new Set(reports.map((r) => r.carrierMessageId))).toEqual(new Set(ids));
    expect(reports.filter((r) => r.state === 'UNDELIV').every((r) => r.code === 'MA:0054')).toBe(true);
    expect(reports.filter((r) => r.state === 'DELIVRD')).toHaveLength(180);
    const byId = new Map(gw.accepted.map((a) => [a.ids[0], a.to]));
    expect(reports.every((r) => byId.get(r.carrierMessageId) === r.recipient)).toBe(true);
    expect(mos).toEqual([
      {
        protocol: 'cmpp',
        from: '13912345678',
        to: '106900018801',
        encoding: 'ucs2',
        content: moContent,
        concat: { ref: 7, total: 2, seq: 1 },
      },
    ]);

    // Keep-alive: left idle, the client probes with ACTIVE_TEST and the gateway answers.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(trace).toContainEqual(['out', 'active_test']);
    expect(trace).toContainEqual(['in', 'active_test_resp']);
    expect(session.state).toBe('bound');

    // Unbind: TERMINATE / TERMINATE_RESP, both ends close.
    const serverClosed = new Promise((resolve) => gw.server.once('closed', resolve));
    await session.close('test done');
    await serverClosed;
    expect(trace).toContainEqual(['out', 'terminate']);
    expect(trace).toContainEqual(['in', 'terminate_resp']);
    expect(session.state).toBe('closed');
    expect(gw.server.bound).toHaveLength(0);
  }, 20_000);
});

describe('CMPP version mismatch over the wire', () => {
  it('a 2.0 client binding to a 3.0 gateway is refused with status 4 it can read', async () => {
    const gw = await startGateway(0x30);
    const error = await connectAndBind<CmppPdu, CmppCredentials>({
      protocol: cmppCarrierDialect({ version: 0x20, spId: SP_ID, serviceId: 'S', srcId: '1069' }).protocol,
      binder: cmppBinder({ version: 0x20 }),
      credentials: { spId: SP_ID, secret: SECRET },
      host: '127.0.0.1',
      port: gw.port,
      name: 'cmpp-sp-20',
    }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BindError);
    expect((error as BindError).status).toBe(4);
    expect((error as BindError).message).toMatch(/version too high \(status 4\)/);
  });
});
