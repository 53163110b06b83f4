import net from 'node:net';
import {
  BindError,
  connectAndBind,
  type InboundEvent,
  type OutboundSegment,
  ResponseTimeoutError,
  type Session,
} from '@smshub/protocols';
import { CommandStatus, type SmppPdu, smppBinder, smppCarrierDialect } from '@smshub/protocols/smpp';
import { encodeText } from '@smshub/sms';
import { afterEach, describe, expect, it } from 'vitest';
import { type BehaviourInput, gatewayProtocol, SimulatedGateway, startControlServer } from '../src/index.js';

const ACCOUNT = { account: 'esme01', secret: 'pw01', spNumber: '10690001' };
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

const carrier = smppCarrierDialect();

async function gateway(behaviour: BehaviourInput = {}, random?: () => number) {
  const g = new SimulatedGateway({
    protocol: gatewayProtocol('smpp'),
    accounts: [ACCOUNT],
    behaviour,
    ...(random ? { random } : {}),
  });
  await g.start();
  cleanups.push(() => g.stop());
  return g;
}

async function client(
  g: SimulatedGateway,
  options: { password?: string; mode?: 'transceiver' | 'transmitter' | 'receiver'; responseTimeoutMs?: number } = {},
) {
  const inbound: InboundEvent<SmppPdu>[] = [];
  const { session } = await connectAndBind({
    protocol: carrier.protocol,
    binder: smppBinder(),
    credentials: {
      systemId: ACCOUNT.account,
      password: options.password ?? ACCOUNT.secret,
      mode: options.mode ?? 'transceiver',
    },
    host: '127.0.0.1',
    port: g.port,
    name: 'test-esme',
    session: { window: 32, responseTimeoutMs: options.responseTimeoutMs ?? 5_000 },
    handler: (request) => {
      inbound.push(carrier.inbound(request));
      return carrier.inboundReply(request, true);
    },
  });
  cleanups.push(() => session.destroy());
  return { session, inbound };
}

function segment(i: number, text = `hello ${i}`): OutboundSegment {
  return {
    to: `86138${String(i).padStart(8, '0')}`,
    from: '10690001',
    encoding: 'gsm7',
    payload: encodeText(text, 'gsm7'),
    udh: null,
    part: null,
    wantReport: true,
    priority: 0,
  };
}

async function submit(session: Session<SmppPdu>, seg: OutboundSegment) {
  const pdu = carrier.submit(seg);
  return carrier.submitOutcome(pdu, await session.request(pdu));
}

/** A repeatable random sequence (mulberry32) so the report mix is exact. */
function seeded(seed: number) {
  let a = seed;
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('SimulatedGateway (SMPP)', () => {
  it('checks bind credentials', async () => {
    const g = await gateway();
    await expect(client(g, { password: 'nope' })).rejects.toMatchObject({
      name: 'BindError',
      status: CommandStatus.ESME_RINVPASWD,
    });
    await expect(client(g)).resolves.toBeDefined();
    expect(g.stats).toMatchObject({ bindsAccepted: 1, bindsRefused: 1 });
  });

  it('answers submits with unique ids and sends one report per submit, in the configured mix', async () => {
    const g = await gateway(
      { dlrDelayMs: { min: 0, max: 20 }, dlrMix: { DELIVRD: 2, UNDELIV: 1, EXPIRED: 1 } },
      seeded(7),
    );
    const { session, inbound } = await client(g);
    const outcomes = await Promise.all(Array.from({ length: 400 }, (_, i) => submit(session, segment(i))));
    const ids = outcomes.map((o) => (o.ok ? o.carrierMessageId : 'failed'));
    expect(new Set(ids).size).toBe(400);
    await expect.poll(() => inbound.length).toBe(400);
    const reports = inbound.flatMap((e) => (e.kind === 'report' ? [e.report] : []));
    expect(new Set(reports.map((r) => r.carrierMessageId))).toEqual(new Set(ids));
    const byState: Record<string, number> = {};
    for (const r of reports) byState[r.state] = (byState[r.state] ?? 0) + 1;
    // Weights 2:1:1 over 400 reports: about 200/100/100.
    expect(byState.DELIVRD).toBeGreaterThan(160);
    expect(byState.UNDELIV).toBeGreaterThan(60);
    expect(byState.EXPIRED).toBeGreaterThan(60);
    expect(Object.keys(byState).sort()).toEqual(['DELIVRD', 'EXPIRED', 'UNDELIV']);
    await expect.poll(() => g.stats.reportsAcked).toBe(400);
    expect(g.stats).toMatchObject({
      submits: 400,
      accepted: 400,
      reportsScheduled: 400,
      reportsSent: 400,
      reportsFailed: 0,
    });
    expect(g.stats.reportsByState).toEqual(byState);
  });

  it('holds reports for a transmitter-only client until a receiver binds', async () => {
    const g = await gateway({ dlrDelayMs: { min: 0, max: 0 } });
    const tx = await client(g, { mode: 'transmitter' });
    await submit(tx.session, segment(1));
    await expect.poll(() => g.reportsHeld).toBe(1); // due, and held: nobody can receive it
    expect(g.reportsPending).toBe(1);
    const rx = await client(g, { mode: 'receiver' });
    await expect.poll(() => rx.inbound.length).toBe(1);
    expect(tx.inbound).toHaveLength(0);
    expect(g.reportsPending).toBe(0);
  });

  it('throttles above the configured TPS with ESME_RTHROTTLED', async () => {
    const g = await gateway({ throttleTps: 20 });
    const { session } = await client(g);
    const outcomes = await Promise.all(Array.from({ length: 100 }, (_, i) => submit(session, segment(i))));
    const throttled = outcomes.filter((o) => !o.ok && o.kind === 'throttled');
    expect(throttled.length).toBeGreaterThan(50);
    expect(throttled[0]).toMatchObject({ status: CommandStatus.ESME_RTHROTTLED });
    expect(g.stats.throttled).toBe(throttled.length);
  });

  it('drops the connection at random when told to', async () => {
    const g = await gateway({ disconnectProbability: 1 });
    const { session } = await client(g);
    const closed = new Promise((resolve) => session.once('close', resolve));
    await expect(submit(session, segment(1))).rejects.toMatchObject({ name: 'SessionClosedError', written: true });
    await closed;
    expect(g.stats.disconnectsInjected).toBe(1);
  });

  it('stops answering in blackhole mode and refuses connections when down', async () => {
    const g = await gateway({ mode: 'blackhole' });
    const { session } = await client(g, { responseTimeoutMs: 300 });
    await expect(submit(session, segment(1))).rejects.toBeInstanceOf(ResponseTimeoutError);
    expect(g.stats.unanswered).toBe(1);

    await g.configure({ mode: 'down' });
    await expect.poll(() => session.state).toBe('closed');
    const refused = await new Promise<boolean>((resolve) => {
      const socket = net.connect(g.port, '127.0.0.1');
      socket.once('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('error', () => resolve(true));
    });
    expect(refused).toBe(true);

    await g.configure({ mode: 'normal' });
    const again = await client(g);
    expect((await submit(again.session, segment(2))).ok).toBe(true);
  });

  it('answers every submit with an error in reject mode', async () => {
    const g = await gateway({ mode: 'reject' });
    const { session } = await client(g);
    const outcome = await submit(session, segment(1));
    expect(outcome).toMatchObject({ ok: false, status: CommandStatus.ESME_RSYSERR });
  });

  it('sends MO to the account and generates it at a rate', async () => {
    const g = await gateway();
    const { inbound } = await client(g);
    expect(await g.sendMo(ACCOUNT.account, { from: '13912345678', text: '退订' })).toBe(true);
    await expect.poll(() => inbound.length).toBe(1);
    const event = inbound[0]!;
    expect(event.kind).toBe('mo');
    if (event.kind === 'mo') {
      expect(event.sms).toMatchObject({ from: '13912345678', to: '10690001', encoding: 'ucs2' });
      expect(event.sms.content.toString('utf16le').length).toBeGreaterThan(0);
    }
    await g.configure({ moPerSecond: 20, moTexts: ['TD'] });
    await expect.poll(() => inbound.length).toBeGreaterThanOrEqual(5);
    await g.configure({ moPerSecond: 0 });
    expect(g.stats.moAcked).toBeGreaterThanOrEqual(5);
  });

  it('counts a resent submit as a duplicate', async () => {
    const g = await gateway();
    const { session } = await client(g);
    await submit(session, segment(1, 'same text'));
    await submit(session, segment(1, 'same text'));
    await submit(session, segment(2, 'same text'));
    expect(g.stats.duplicates).toBe(1);
  });

  it('refuses an unknown account and too many binds', async () => {
    const g = new SimulatedGateway({ protocol: gatewayProtocol('smpp'), accounts: [ACCOUNT], maxBindsPerAccount: 1 });
    await g.start();
    cleanups.push(() => g.stop());
    await client(g);
    const second = await client(g).catch((e: unknown) => e);
    expect(second).toBeInstanceOf(BindError);
    expect((second as BindError).status).toBe(CommandStatus.ESME_RBINDFAIL);
  });

  it('rejects a behaviour it cannot follow', async () => {
    const g = await gateway();
    await expect(g.configure({ dlrDelayMs: { min: 10, max: 5 } })).rejects.toThrow(/dlrDelayMs/);
    await expect(g.configure({ dlrMix: { DELIVRD: 0 } })).rejects.toThrow(/positive weight/);
    expect(g.behaviour.mode).toBe('normal');
  });
});

describe('control API', () => {
  it('reads counters, changes behaviour and refuses bad input', async () => {
    const g = await gateway();
    const server = await startControlServer(new Map([['cmcc', g]]), 0);
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    const port = (server.address() as net.AddressInfo).port;
    const base = `http://127.0.0.1:${port}/gateways`;
    const list = (await (await fetch(base)).json()) as { name: string }[];
    expect(list.map((x) => x.name)).toEqual(['smpp-gateway']);
    const changed = await fetch(`${base}/cmcc/behaviour`, { method: 'POST', body: JSON.stringify({ throttleTps: 5 }) });
    expect(changed.status).toBe(200);
    expect(g.behaviour.throttleTps).toBe(5);
    const bad = await fetch(`${base}/cmcc/behaviour`, { method: 'POST', body: JSON.stringify({ mode: 'sideways' }) });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('invalid');
    const unknownField = await fetch(`${base}/cmcc/behaviour`, {
      method: 'POST',
      body: JSON.stringify({ colour: 'red' }),
    });
    expect(unknownField.status).toBe(400);
    const badJson = await fetch(`${base}/cmcc/behaviour`, { method: 'POST', body: '{' });
    expect(badJson.status).toBe(400);
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    expect(g.behaviour.throttleTps).toBe(5);
  });

  it('shows what a phone received, as the phone would', async () => {
    const g = await gateway();
    const server = await startControlServer(new Map([['cmcc', g]]), 0);
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    const port = (server.address() as net.AddressInfo).port;
    const { session } = await client(g);
    await submit(session, segment(7, 'code 246810'));
    const phone = `http://127.0.0.1:${port}/handsets/13800000007`;
    const received = (await (await fetch(phone)).json()) as { text: string; gateway: string; from: string }[];
    expect(received).toEqual([
      expect.objectContaining({ text: 'code 246810', gateway: 'smpp-gateway', from: '10690001' }),
    ]);
    expect(await (await fetch(`http://127.0.0.1:${port}/handsets/13900000000`)).json()).toEqual([]);
    expect((await fetch(phone, { method: 'POST', body: '{}' })).status).toBe(405);
  });
});
