import { type CarrierChannelConfig, protocolSetup } from '@smshub/channels';
import { connectAndBind, type OutboundSegment, type Pdu, SessionServer } from '@smshub/protocols';
import { gatewayProtocol, type ProtocolName } from '@smshub/simulator';
import { encodeText } from '@smshub/sms';

/**
 * Protocol micro-benchmarks, each on one core (client and server in this one process):
 * - codec: submit PDUs encoded and decoded back per second;
 * - round trips: submits answered per second over loopback TCP through the session engine,
 *   window 64, one bind, the gateway side answering every submit at once (no reports).
 */

export interface ProtocolFigures {
  readonly protocol: string;
  readonly codecOpsPerSecond: number;
  readonly roundTripsPerSecond: number;
}

interface Subject {
  readonly name: ProtocolName;
  readonly version: string;
  readonly account: string;
  readonly serviceId: string | null;
  readonly options?: Record<string, unknown>;
}

export const subjects: readonly Subject[] = [
  { name: 'smpp', version: '3.4', account: 'bench', serviceId: null },
  { name: 'cmpp', version: '3.0', account: '901234', serviceId: 'SMSHUB' },
  { name: 'cmpp', version: '2.0', account: '901234', serviceId: 'SMSHUB' },
  {
    name: 'sgip',
    version: '1.2',
    account: 'bench',
    serviceId: 'SMSHUB',
    options: {
      nodeId: 3010012345,
      corpId: '12345',
      receiver: { host: '127.0.0.1', port: 1, loginName: 'x', password: 'x' },
    },
  },
  { name: 'smgp', version: '3.0', account: 'bench', serviceId: 'SMSHUB' },
  { name: 'cngp', version: '2.0', account: 'bench', serviceId: 'SMSHUB' },
];

function config(subject: Subject, port: number): CarrierChannelConfig {
  return {
    id: '1',
    name: `bench-${subject.name}`,
    protocol: subject.name,
    version: subject.version,
    host: '127.0.0.1',
    port,
    account: subject.account,
    secret: 'benchpw',
    spNumber: '10690001',
    serviceId: subject.serviceId,
    options: subject.options ?? {},
    maxBinds: 1,
    windowSize: 64,
    tps: 1_000_000,
  };
}

function segment(subject: Subject, i: number): OutboundSegment {
  const chinese = subject.name !== 'smpp';
  const text = chinese
    ? `【平台】您的验证码是${100000 + (i % 900000)}，五分钟内有效。`
    : `Your code is ${100000 + (i % 900000)}`;
  const encoding = chinese ? 'ucs2' : 'gsm7';
  return {
    to: chinese ? '13800138000' : '8613800138000',
    from: '1069000101',
    encoding,
    payload: encodeText(text, encoding),
    udh: null,
    part: null,
    wantReport: true,
    priority: 1,
  };
}

function codecOps(subject: Subject, seconds: number): number {
  const setup = protocolSetup(config(subject, 1));
  const { dialect } = setup;
  const pdus: Pdu[] = Array.from({ length: 64 }, (_, i) => {
    const pdu = dialect.submit(segment(subject, i)) as Pdu & { sequence: unknown };
    dialect.protocol.sequencer().assign(pdu);
    return pdu;
  });
  const run = (count: number) => {
    for (let i = 0; i < count; i++) dialect.protocol.decode(dialect.protocol.encode(pdus[i & 63]!));
  };
  run(20_000); // warm up
  let ops = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(Math.round(seconds * 1e9));
  while (process.hrtime.bigint() - start < budget) {
    run(5_000);
    ops += 5_000;
  }
  return Math.round(ops / (Number(process.hrtime.bigint() - start) / 1e9));
}

async function roundTrips(subject: Subject, count: number): Promise<number> {
  const gateway = gatewayProtocol(subject.name, subject.version);
  const { dialect } = gateway;
  const server = new SessionServer<Pdu>({
    protocol: dialect.protocol,
    acceptor: dialect.acceptor,
    name: 'bench-gateway',
    session: { window: 64, keepAliveIntervalMs: 0 },
    lookup: () => ({ account: subject.account, secret: 'benchpw' }),
    admit: () => ({
      handler: (request) => {
        const now = new Date();
        return dialect.received(request) === null
          ? dialect.protocol.reject(request, 'unsupported')
          : dialect.submitReply(request, { ok: true, messageIds: dialect.messageIds(request, now) });
      },
    }),
  });
  const port = await server.listen(0);
  const setup = protocolSetup(config(subject, port));
  const { session } = await connectAndBind({
    protocol: setup.dialect.protocol,
    binder: setup.binder,
    credentials: setup.credentials,
    host: '127.0.0.1',
    port,
    name: 'bench-client',
    session: { ...setup.session, window: 64, keepAliveIntervalMs: 0, idleTimeoutMs: 0, maxQueued: 1_000_000 },
  });
  const segments = Array.from({ length: 64 }, (_, i) => segment(subject, i));
  const send = async (n: number) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        while (next < n) {
          const i = next++;
          const request = setup.dialect.submit(segments[i & 63]!);
          const outcome = setup.dialect.submitOutcome(request, await session.request(request));
          if (!outcome.ok) throw new Error(`${subject.name}: submit refused: ${outcome.reason}`);
        }
      }),
    );
  };
  await send(5_000); // warm up
  const start = process.hrtime.bigint();
  await send(count);
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  await session.close();
  await server.close();
  return Math.round(count / seconds);
}

export async function protocolBenchmarks(
  log: (line: string) => void,
  options = { codecSeconds: 2, roundTrips: 100_000 },
): Promise<ProtocolFigures[]> {
  const figures: ProtocolFigures[] = [];
  for (const subject of subjects) {
    const label = `${subject.name} ${subject.version}`;
    const codec = codecOps(subject, options.codecSeconds);
    const trips = await roundTrips(subject, options.roundTrips);
    log(
      `${label.padEnd(10)} codec ${codec.toLocaleString('en')} submit encode+decode/s   round trips ${trips.toLocaleString('en')}/s (window 64, loopback, one core)`,
    );
    figures.push({ protocol: label, codecOpsPerSecond: codec, roundTripsPerSecond: trips });
  }
  return figures;
}
