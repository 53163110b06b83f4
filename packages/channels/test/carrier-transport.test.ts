import net from 'node:net';
import type { InboundSms, OutboundSegment, StatusReport } from '@smshub/protocols';
import { gatewayProtocol, type ProtocolName, SimulatedGateway } from '@smshub/simulator';
import { decodeText, splitText } from '@smshub/sms';
import { afterEach, describe, expect, it } from 'vitest';
import {
  type CarrierChannelConfig,
  CarrierTransport,
  ChannelConfigError,
  type TransportOutcome,
} from '../src/index.js';

const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()!();
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

interface Case {
  protocol: ProtocolName;
  version: string;
  account: string;
  options: (receiverPort: number) => Record<string, unknown>;
  serviceId: string | null;
}

const cases: Case[] = [
  { protocol: 'smpp', version: '3.4', account: 'esme01', options: () => ({}), serviceId: null },
  { protocol: 'cmpp', version: '3.0', account: '901234', options: () => ({}), serviceId: 'SMSHUB' },
  { protocol: 'cmpp', version: '2.0', account: '901234', options: () => ({}), serviceId: 'SMSHUB' },
  {
    protocol: 'sgip',
    version: '1.2',
    account: 'sp0001',
    options: (port) => ({
      nodeId: 3010012345,
      corpId: '12345',
      receiver: { host: '127.0.0.1', port, loginName: 'smg', password: 'smgpw' },
    }),
    serviceId: 'SMSHUB',
  },
  { protocol: 'smgp', version: '3.0', account: 'sp0001', options: () => ({}), serviceId: 'SMSHUB' },
  { protocol: 'smgp', version: '2.0', account: 'sp0001', options: () => ({}), serviceId: 'SMSHUB' },
  { protocol: 'cngp', version: '2.0', account: 'sp0001', options: () => ({}), serviceId: 'SMSHUB' },
];

const LONG_TEXT =
  '【测试】您好，这是一条用于验证长短信拆分与重组的中文消息。内容超过七十个字，因此会被拆成两条带用户数据头的短信，每条最多六十七个字；手机收到后按参考号和序号拼回原文。谢谢！';

function segments(to: string, text: string, ref: number, from = '1069000101'): OutboundSegment[] {
  return splitText(text, { encoding: 'ucs2', reference: ref }).segments.map((s) => ({
    to,
    from,
    encoding: 'ucs2',
    payload: s.payload,
    udh: s.udh,
    part: s.part,
    wantReport: true,
    priority: 1,
  }));
}

describe.each(cases)('CarrierTransport over $protocol $version against the simulator', (c) => {
  async function setUp() {
    const receiverPort = await freePort();
    const gateway = new SimulatedGateway({
      protocol: gatewayProtocol(c.protocol, c.version),
      accounts: [{ account: c.account, secret: 'secret1', spNumber: '10690001' }],
      behaviour: { dlrDelayMs: { min: 0, max: 50 } },
      ...(c.protocol === 'sgip'
        ? { callback: { host: '127.0.0.1', port: receiverPort, account: 'smg', secret: 'smgpw' } }
        : {}),
    });
    const port = await gateway.start();
    cleanups.push(() => gateway.stop());
    const config: CarrierChannelConfig = {
      id: '1',
      name: `${c.protocol}-test`,
      protocol: c.protocol,
      version: c.version,
      host: '127.0.0.1',
      port,
      account: c.account,
      secret: 'secret1',
      spNumber: '10690001',
      serviceId: c.serviceId,
      options: c.options(receiverPort),
      maxBinds: 2,
      windowSize: 16,
      tps: 2_000,
    };
    const transport = new CarrierTransport(config);
    const reports: StatusReport[] = [];
    const mo: InboundSms[] = [];
    transport.onReport((report, settle) => {
      reports.push(report);
      settle(true);
    });
    transport.onMo((sms, settle) => {
      mo.push(sms);
      settle(true);
    });
    await transport.start();
    cleanups.push(() => transport.stop());
    await expect.poll(() => transport.state().binds).toBe(2);
    return { gateway, transport, reports, mo };
  }

  it('binds, submits long Chinese messages and gets one report per segment', async () => {
    const { gateway, transport, reports } = await setUp();
    expect(LONG_TEXT.length).toBeGreaterThan(70);
    expect(LONG_TEXT.length).toBeLessThanOrEqual(134);
    const all = Array.from({ length: 50 }, (_, i) =>
      segments(`139${String(i).padStart(8, '0')}`, LONG_TEXT, i + 1),
    ).flat();
    expect(all.length).toBe(100);
    const outcomes: TransportOutcome[] = await Promise.all(all.map((s) => transport.submit(s)));
    expect(outcomes.every((o) => o.ok)).toBe(true);
    const ids = outcomes.map((o) => (o.ok ? o.carrierMessageId : ''));
    expect(new Set(ids).size).toBe(100);
    await expect.poll(() => reports.length).toBe(100);
    expect(new Set(reports.map((r) => r.carrierMessageId))).toEqual(new Set(ids));
    expect(reports.every((r) => r.state === 'DELIVRD')).toBe(true);
    // The gateway saw each part with its UDH and reassembles the text exactly.
    const received: { udh: Buffer | null; content: Buffer }[] = [];
    gateway.on('submit', (_account, submit) => received.push({ udh: submit.udh, content: submit.content }));
    await transport.submit(segments('13900000099', LONG_TEXT, 99)[0]!);
    await transport.submit(segments('13900000099', LONG_TEXT, 99)[1]!);
    await expect.poll(() => received.length).toBe(2);
    expect(received.map((r) => r.udh?.toString('hex'))).toEqual(['0500036302' + '01', '0500036302' + '02']);
    expect(decodeText(Buffer.concat(received.map((r) => r.content)), 'ucs2')).toBe(LONG_TEXT);
    expect(gateway.stats.duplicates).toBe(0);
  });

  it('delivers MO with Chinese text', async () => {
    const { gateway, mo } = await setUp();
    // SGIP: the gateway's own connection back to us may still be binding.
    // A refused send delivers nothing, so trying again until one is taken sends it once.
    await expect
      .poll(() => gateway.sendMo(c.account, { from: '13912345678', to: '1069000101', text: '退订 谢谢' }))
      .toBe(true);
    await expect.poll(() => mo.length).toBe(1);
    expect(mo[0]).toMatchObject({ from: '13912345678', to: '1069000101' });
    expect(decodeText(mo[0]!.content, mo[0]!.encoding)).toBe('退订 谢谢');
  });

  it('says in-doubt when the gateway stops answering, unavailable when it is down', async () => {
    const { gateway, transport } = await setUp();
    await gateway.configure({ mode: 'down' });
    await expect.poll(() => transport.state().binds).toBe(0);
    const quick = new CarrierTransport({ ...transport.config, name: 'quick' }, 200);
    cleanups.push(() => quick.stop());
    expect(await quick.submit(segments('13900000001', 'x', 1)[0]!)).toMatchObject({ ok: false, kind: 'unavailable' });
    expect(transport.state().up).toBe(false);
  });

  it('slows down when the gateway throttles', async () => {
    const { gateway, transport } = await setUp();
    await gateway.configure({ throttleTps: 50 });
    const outcomes = await Promise.all(
      Array.from({ length: 150 }, (_, i) => transport.submit(segments(`139${String(i).padStart(8, '0')}`, 'x', 1)[0]!)),
    );
    expect(outcomes.some((o) => !o.ok && o.kind === 'throttled')).toBe(true);
    expect(transport.state().allowedTps).toBeLessThan(2_000);
  });
});

describe('channel configuration errors', () => {
  const base: CarrierChannelConfig = {
    id: '1',
    name: 'bad',
    protocol: 'cmpp',
    version: '3.0',
    host: '127.0.0.1',
    port: 1,
    account: '901234',
    secret: 's',
    spNumber: '10690001',
    serviceId: 'SVC',
    options: {},
    maxBinds: 1,
    windowSize: 16,
    tps: 10,
  };
  it.each([
    ['an unknown version', { version: '4.0' }, /no version "4.0"/],
    ['an unknown option', { options: { colour: 'red' } }, /options: Unrecognized key/i],
    ['a wrong option type', { options: { feeUserType: 'x' } }, /feeUserType/],
    ['a missing service id', { serviceId: null }, /needs a service id/],
    [
      'an SMPP password too long to bind with',
      { protocol: 'smpp', version: '3.4', secret: 'nine-char' },
      /at most 8 characters/,
    ],
    [
      'SGIP without its receiver',
      { protocol: 'sgip', version: '1.2', options: { nodeId: 1, corpId: '12345' } },
      /receiver/,
    ],
  ] as const)('names %s', (_what, patch, message) => {
    expect(() => new CarrierTransport({ ...base, ...patch } as CarrierChannelConfig)).toThrow(ChannelConfigError);
    expect(() => new CarrierTransport({ ...base, ...patch } as CarrierChannelConfig)).toThrow(message);
  });
});
