import { decodeText, splitText } from '@smshub/sms';
import { afterEach, describe, expect, it } from 'vitest';
import { cmppBinder, cmppCarrierDialect, cmppGatewayDialect } from '../../src/cmpp/index.js';
import type { CmppCredentials, CmppPdu, CmppVersion } from '../../src/cmpp/index.js';
import type { StatusReport } from '../../src/carrier-forms.js';
import type { OutboundSegment } from '../../src/dialect.js';
import { connectAndBind } from '../../src/engine/client.js';
import { BindError } from '../../src/engine/errors.js';
import { SessionServer } from '../../src/engine/server.js';
import type { Session } from '../../src/engine/session.js';

/**
 * Our client (engine client + cmppBinder + CMPP carrier dialect) against an engine server with
 * the CMPP acceptor + gateway dialect, over real loopback TCP, for both versions: what only CMPP
 * has (what every protocol must do is ../conformance/).
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

describe.each([0x20, 0x30] as const)('CMPP 0x%s over the wire, beyond the conformance suite', (version) => {
  it('answers flow control with result 8 (throttled) and carries a report error code', async () => {
    const gw = await startGateway(version);
    const carrier = cmppCarrierDialect({ version, spId: SP_ID, serviceId: 'MHE0010', srcId: '1069000188' });
    const reports: StatusReport[] = [];
    const { session } = await connectAndBind<CmppPdu, CmppCredentials>({
      protocol: carrier.protocol,
      binder: cmppBinder({ version }),
      credentials: { spId: SP_ID, secret: SECRET },
      host: '127.0.0.1',
      port: gw.port,
      name: `cmpp-sp-${version.toString(16)}`,
      handler: (request) => {
        const event = carrier.inbound(request);
        if (event.kind === 'report') reports.push(event.report);
        return carrier.inboundReply(request, true);
      },
    });
    stops.push(() => session.close());

    const slow = carrier.submit(segment('slow down', 0));
    expect(carrier.submitOutcome(slow, await session.request(slow))).toMatchObject({
      ok: false,
      kind: 'throttled',
      status: 8,
    });

    const request = carrier.submit(segment('code 1', 1));
    const outcome = carrier.submitOutcome(request, await session.request(request));
    expect(outcome.ok).toBe(true);
    const [gatewaySession] = gw.sessions;
    const [accepted] = gw.accepted;
    const deliver = gw.gateway.report({
      messageId: accepted?.ids[0] ?? '',
      recipient: accepted?.to ?? '',
      from: accepted?.from ?? '',
      state: 'UNDELIV',
      error: 'MA:0054',
      submittedAt: new Date(Date.now() - 60_000),
      doneAt: new Date(),
    });
    expect(gw.gateway.deliverAccepted(await gatewaySession!.request(deliver))).toBe(true);
    expect(reports).toEqual([
      expect.objectContaining({
        carrierMessageId: outcome.ok ? outcome.carrierMessageId : '',
        recipient: '13800000001',
        state: 'UNDELIV',
        code: 'MA:0054',
      }),
    ]);
  });
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
