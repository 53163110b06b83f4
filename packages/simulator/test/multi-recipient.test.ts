import {
  type Binder,
  type CarrierDialect,
  connectAndBind,
  type OutboundSegment,
  type Pdu,
  type StatusReport,
} from '@smshub/protocols';
import { cmppBinder, cmppCarrierDialect } from '@smshub/protocols/cmpp';
import { cngpBinder, cngpCarrierDialect } from '@smshub/protocols/cngp';
import { smgpBinder, smgpCarrierDialect } from '@smshub/protocols/smgp';
import { encodeText } from '@smshub/sms';
import { afterEach, describe, expect, it } from 'vitest';
import { gatewayProtocol, type ProtocolName, SimulatedGateway } from '../src/index.js';

/**
 * A submit to several numbers gets one id in its response. SMGP and CNGP reports carry that same
 * MsgID for every recipient; only CMPP numbers them id … id+N−1 (reference §1.5). A report whose
 * id the gateway never returned matches nothing on the client.
 */

const RECIPIENTS = ['13300133000', '13300133001', '13300133002'];
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

interface Case {
  readonly name: ProtocolName;
  readonly version: string;
  readonly account: string;
  readonly carrier: CarrierDialect<Pdu>;
  readonly binder: Binder<Pdu, unknown>;
  readonly credentials: unknown;
  /** The destination list field of this protocol's submit. */
  readonly destinations: (submit: Pdu, numbers: string[]) => Pdu;
  /** The report ids expected for the id the submit response returned. */
  readonly reportIds: (returned: string) => string[];
}

const cases: Case[] = [
  {
    name: 'smgp',
    version: '3.0',
    account: 'sp000001',
    carrier: smgpCarrierDialect({ serviceId: 'SMSHUB' }) as unknown as CarrierDialect<Pdu>,
    binder: smgpBinder() as unknown as Binder<Pdu, unknown>,
    credentials: { clientId: 'sp000001', secret: 'secret' },
    destinations: (submit, numbers) => ({ ...submit, destTermIds: numbers }) as Pdu,
    reportIds: (returned) => RECIPIENTS.map(() => returned),
  },
  {
    name: 'cngp',
    version: '2.0',
    account: 'cngp000001',
    carrier: cngpCarrierDialect({ spId: 'cngp000001', serviceId: 'SMSHUB' }) as unknown as CarrierDialect<Pdu>,
    binder: cngpBinder() as unknown as Binder<Pdu, unknown>,
    credentials: { clientId: 'cngp000001', secret: 'secret' },
    destinations: (submit, numbers) => ({ ...submit, destTermIds: numbers }) as Pdu,
    reportIds: (returned) => RECIPIENTS.map(() => returned),
  },
  {
    // The rule the others must not copy, kept here so the difference stays visible.
    name: 'cmpp',
    version: '3.0',
    account: '901234',
    carrier: cmppCarrierDialect({
      version: 0x30,
      spId: '901234',
      serviceId: 'SMSHUB',
      srcId: '10690001',
    }) as unknown as CarrierDialect<Pdu>,
    binder: cmppBinder({ version: 0x30 }) as unknown as Binder<Pdu, unknown>,
    credentials: { spId: '901234', secret: 'secret' },
    destinations: (submit, numbers) => ({ ...submit, destTerminalIds: numbers }) as Pdu,
    reportIds: (returned) => RECIPIENTS.map((_, i) => (BigInt(returned) + BigInt(i)).toString()),
  },
];

function segment(): OutboundSegment {
  return {
    to: RECIPIENTS[0] ?? '',
    from: '10690001',
    encoding: 'ascii',
    payload: encodeText('to three numbers', 'ascii'),
    udh: null,
    part: null,
    wantReport: true,
    priority: 0,
  };
}

describe.each(cases)('$name $version submit to three numbers', (c) => {
  it("reports each recipient with an id the submit's response returned", async () => {
    const gateway = new SimulatedGateway({
      protocol: gatewayProtocol(c.name, c.version),
      accounts: [{ account: c.account, secret: 'secret', spNumber: '10690001' }],
      behaviour: { dlrDelayMs: { min: 0, max: 20 } },
    });
    await gateway.start();
    cleanups.push(() => gateway.stop());
    const reports: StatusReport[] = [];
    const { session } = await connectAndBind({
      protocol: c.carrier.protocol,
      binder: c.binder,
      credentials: c.credentials,
      host: '127.0.0.1',
      port: gateway.port,
      name: `${c.name}-client`,
      handler: (request) => {
        const event = c.carrier.inbound(request);
        if (event.kind === 'report') reports.push(event.report);
        return c.carrier.inboundReply(request, true);
      },
    });
    cleanups.push(() => session.destroy());

    const submit = c.destinations(c.carrier.submit(segment()), RECIPIENTS);
    const outcome = c.carrier.submitOutcome(submit, await session.request(submit));
    expect(outcome.ok).toBe(true);
    const returned = outcome.ok ? outcome.carrierMessageId : '';

    await expect.poll(() => reports.length, { timeout: 10_000 }).toBe(RECIPIENTS.length);
    const byRecipient = new Map(reports.map((r) => [r.recipient, r.carrierMessageId]));
    expect(RECIPIENTS.map((recipient) => byRecipient.get(recipient))).toEqual(c.reportIds(returned));
  });
});
