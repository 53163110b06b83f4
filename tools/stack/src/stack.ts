import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { type ChannelSeed, createPrisma, seedChannels, seedDemo, seedOperator } from '@smshub/db';
import { migrate } from '@smshub/db/migrate';
import { createRedis, readChannelStates, RedisKeys } from '@smshub/queue';
import { StackChild } from './child.js';
import { type ModemPoolInfo, StackModemPool } from './modem-pool.js';

/**
 * The whole platform on one machine, against simulated carriers: PostgreSQL migrated and
 * seeded, the carrier simulators, the dispatcher(s), the carrier worker(s), the webhooks worker,
 * the API server and the portal — with `modems`, also simulated GSM modems and the modem worker (modem-pool.ts) —
 * each a real process started from its built `dist/`. Used by `make demo`, `make bench` and the
 * crash tests.
 */

export interface CarrierGateway {
  /** Channel and simulator gateway name. */
  readonly name: string;
  /** The carrier whose numbers it reaches (for a cross-carrier gateway: the first of `carriers`). */
  readonly carrier: 'CMCC' | 'CUCC' | 'CTCC' | 'CBN' | 'INTL';
  /** A cross-carrier gateway (an aggregator) reaching several carriers; used when theirs are busy or down. */
  readonly crossCarriers?: readonly ('CMCC' | 'CUCC' | 'CTCC' | 'CBN' | 'INTL')[];
  readonly protocol: 'smpp' | 'cmpp' | 'sgip' | 'smgp' | 'cngp';
  readonly version: string;
  readonly spNumber: string;
  readonly account: string;
  readonly secret: string;
  /** Default: primary for a carrier's own gateway, cross_carrier for an aggregator. */
  readonly role?: 'primary' | 'cross_carrier';
  /**
   * A gateway that runs elsewhere (the side-by-side bench's neutral SMPP simulator): the channel
   * points at it and no simulator is started for it.
   */
  readonly external?: { readonly host: string; readonly port: number };
  /**
   * A provincial gateway: only numbers under these prefixes (national form) go through it, by
   * routes of their own; the carrier's other numbers keep its default route.
   */
  readonly prefixes?: readonly string[];
}

/**
 * Issue 4's demo line-up: each Chinese carrier on its own protocol, international over SMPP, and
 * a second China Telecom gateway over CNGP for the 189 numbers, so every protocol runs end to end.
 */
export const DEFAULT_GATEWAYS: readonly CarrierGateway[] = [
  {
    name: 'cmcc-cmpp',
    carrier: 'CMCC',
    protocol: 'cmpp',
    version: '3.0',
    spNumber: '1069001',
    account: '901001',
    secret: 'cmcc-secret',
  },
  {
    name: 'cucc-sgip',
    carrier: 'CUCC',
    protocol: 'sgip',
    version: '1.2',
    spNumber: '1065501',
    account: 'smshub',
    secret: 'cucc-secret',
  },
  {
    name: 'ctcc-smgp',
    carrier: 'CTCC',
    protocol: 'smgp',
    version: '3.0',
    spNumber: '1069301',
    account: 'smshub',
    secret: 'ctcc-secret',
  },
  {
    name: 'ctcc-cngp',
    carrier: 'CTCC',
    protocol: 'cngp',
    version: '2.0',
    spNumber: '1069302',
    account: 'smshub189',
    secret: 'cngp-secret',
    prefixes: ['189'],
  },
  {
    name: 'intl-smpp',
    carrier: 'INTL',
    protocol: 'smpp',
    version: '3.4',
    spNumber: '8613800000000',
    account: 'smshub',
    secret: 'intlpw01',
  },
];

/** An aggregator reaching the three Chinese carriers over SMPP: where their traffic goes when a carrier's own gateway fails. */
export const CROSS_CARRIER_GATEWAY: CarrierGateway = {
  name: 'aggregator-smpp',
  carrier: 'CMCC',
  crossCarriers: ['CMCC', 'CUCC', 'CTCC'],
  protocol: 'smpp',
  version: '3.4',
  spNumber: '1068800',
  account: 'aggr',
  secret: 'aggrpw01',
};

export interface StackOptions {
  /** The repository root (where the built packages are). */
  readonly root: string;
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly redisPrefix: string;
  readonly portalPort: number;
  /** The lean API server's port (apps/api). */
  readonly apiPort: number;
  /** Logs, the simulator config and the demo key live here. */
  readonly workDir: string;
  readonly gateways?: readonly CarrierGateway[];
  readonly dispatchers?: number;
  readonly carrierWorkers?: number;
  readonly webhooks?: boolean;
  /** The lean API server (default on). */
  readonly api?: boolean;
  readonly portal?: boolean;
  /** A fixed API key for the demo org (kept across runs); a new one when absent. */
  readonly apiKey?: string;
  /** Likewise for the platform operator's key (alarms, channels). */
  readonly operatorKey?: string;
  /** Operators' phones for alarm SMS. */
  readonly alarmPhones?: readonly string[];
  /** Per-channel TPS and window (the benchmark raises them). */
  readonly channelTps?: number;
  readonly channelWindow?: number;
  readonly channelBinds?: number;
  /** Simulator report delay. */
  readonly dlrDelayMs?: { readonly min: number; readonly max: number };
  /** Reports a simulated gateway sends per connection before waiting for our answers (default 64). */
  readonly gatewayWindow?: number;
  /** Print every process's log lines too. */
  readonly echo?: boolean;
  readonly logLevel?: string;
  /** Extra environment for every worker process. */
  readonly env?: Readonly<Record<string, string>>;
  /** Options for node before the script of every smshub process (the bench's `--cpu-prof`). */
  readonly nodeArgs?: readonly string[];
  /** Simulated GSM modems behind the backup channel `modem-pool` and a modem worker (default 0; needs socat). */
  readonly modems?: number;
  /** Submits per second of each simulated modem (default 1). */
  readonly modemTps?: number;
  /**
   * Restart any process that dies on its own once the stack is up (the demo: a person who kills
   * a worker sees the platform heal), with back-off; told one line per death and per return.
   * Tests and the benchmark leave it off: they kill and start processes themselves.
   */
  readonly supervise?: (line: string) => void;
}

export interface StackInfo {
  /** The portal (`next start`): the console, and API v1 through its route files. */
  readonly portalUrl: string;
  /** The lean API server: API v1 on node:http, what clients and the bench send to (decision 0171). */
  readonly apiUrl: string;
  readonly apiKey: string;
  /** The platform org's key: operator routes (alarms, channels with live state). */
  readonly operatorKey: string;
  /** Console sign-ins: the platform's administrator and the demo org's owner. */
  readonly platformAdmin: { readonly login: string; readonly password: string };
  readonly tenantAdmin: { readonly login: string; readonly password: string };
  readonly orgId: bigint;
  readonly controlUrl: string;
  readonly channels: readonly {
    readonly name: string;
    readonly id: bigint;
    readonly carrier: string;
    readonly protocol: string;
    readonly port: number;
    /** The number prefixes routed to it; empty when it serves its carriers' numbers at large. */
    readonly prefixes: readonly string[];
  }[];
  /** The simulated modems' control API (GET /modems …), null without modems. */
  readonly modemControlUrl: string | null;
  readonly modemPool: ModemPoolInfo | null;
  /**
   * The Stripe Checkout stand-in (packages/simulator/src/stripe) the portal and the API are
   * pointed at (STRIPE_API_BASE): its control endpoints redeliver or forge events. Null when no
   * simulator runs.
   */
  readonly stripeUrl: string | null;
}

export async function freePort(): Promise<number> {
  const [port] = await freePorts(1);
  return port as number;
}

/**
 * `count` distinct free ports. Each listener is held until all are taken: ports asked for one
 * after another can come back equal (the kernel may hand out a port just closed again), and two
 * servers of one stack on one port fail at start (EADDRINUSE).
 */
export async function freePorts(count: number, avoid: ReadonlySet<number> = new Set()): Promise<number[]> {
  const servers: net.Server[] = [];
  const ports: number[] = [];
  try {
    // Ports in `avoid` are promised to servers not listening yet: held too, and passed over.
    while (ports.length < count) {
      const server = net.createServer();
      servers.push(server);
      await new Promise<void>((resolve, reject) => {
        server.once('error', reject);
        server.listen(0, '127.0.0.1', resolve);
      });
      const { port } = server.address() as net.AddressInfo;
      if (!avoid.has(port)) ports.push(port);
    }
    return ports;
  } finally {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  }
}

/** The demo org's owner, as seedDemo creates it (the console's tenant administrator). */
const DEMO_TENANT_LOGIN = 'demo@smshub.local';
const DEMO_TENANT_PASSWORD = 'demo-password';

const startedLine = (text: string) => (line: string) => line.includes(`"msg":"${text}"`);

export class Stack {
  readonly children = new Map<string, StackChild>();
  private infoValue: StackInfo | null = null;

  constructor(readonly options: StackOptions) {}

  get info(): StackInfo {
    if (this.infoValue === null) throw new Error('stack not started');
    return this.infoValue;
  }

  child(name: string): StackChild {
    const child = this.children.get(name);
    if (child === undefined) throw new Error(`no process "${name}" (have: ${[...this.children.keys()].join(', ')})`);
    return child;
  }

  /**
   * Migrates, seeds, starts every process, and resolves once the API answers and every channel is
   * bound. If any of that fails, whatever was started is stopped again before the error is thrown.
   */
  async start(progress: (line: string) => void = () => undefined): Promise<StackInfo> {
    try {
      return await this.startAll(progress);
    } catch (error) {
      await this.stop().catch(() => undefined);
      throw error;
    }
  }

  private async startAll(progress: (line: string) => void): Promise<StackInfo> {
    const o = this.options;
    const logs = path.join(o.workDir, 'logs');
    mkdirSync(logs, { recursive: true });
    const gateways = o.gateways ?? DEFAULT_GATEWAYS;
    // Before anything is started: without socat there can be no simulated modems.
    const modems =
      (o.modems ?? 0) > 0
        ? new StackModemPool({
            count: o.modems ?? 0,
            workDir: o.workDir,
            controlPort: await freePort(),
            ...(o.modemTps === undefined ? {} : { tps: o.modemTps }),
          })
        : null;

    progress('migrating the database');
    await migrate(o.databaseUrl, {
      log: {
        info: () => undefined,
        warn: (fields, message) => progress(`migration warning: ${message} ${JSON.stringify(fields)}`),
      },
    });
    const prisma = createPrisma(o.databaseUrl);
    let orgId: bigint;
    let apiKey: string;
    let operatorKey: string;
    let platformAdmin: StackInfo['platformAdmin'];
    let channels: StackInfo['channels'][number][];
    const ports = new Map<string, number>();
    const simulated = gateways.filter((g) => g.external === undefined);
    // Every port this stack's simulators listen on, distinct; online recharge talks to the
    // Stripe stand-in: this machine cannot reach Stripe (README, "Payments with real Stripe keys").
    const taken = await freePorts(simulated.length + 3, new Set([o.portalPort, o.apiPort]));
    for (const g of gateways) ports.set(g.name, g.external?.port ?? (taken.pop() as number));
    const [sgipReceiverPort, controlPort, stripePort] = taken as [number, number, number];
    const stripeKeys = {
      secretKey: `sk_test_stand_in_${randomBytes(12).toString('hex')}`,
      webhookSecret: `whsec_stand_in_${randomBytes(16).toString('hex')}`,
    };
    const stripeWebhookUrl = `http://127.0.0.1:${o.portal !== false ? o.portalPort : o.apiPort}/api/v1/payments/stripe/webhook`;
    try {
      progress('seeding the demo org and channels');
      const demo = await seedDemo(prisma, {
        ...(o.apiKey === undefined ? {} : { apiKey: o.apiKey }),
        email: DEMO_TENANT_LOGIN,
        password: DEMO_TENANT_PASSWORD,
        balance: 10_000_000_000n,
      });
      orgId = demo.org.id;
      apiKey = demo.apiKey.full;
      const operator = await seedOperator(prisma, {
        ...(o.operatorKey === undefined ? {} : { apiKey: o.operatorKey }),
        ...(o.alarmPhones === undefined ? {} : { alarmPhones: o.alarmPhones }),
      });
      operatorKey = operator.apiKey.full;
      platformAdmin = { login: operator.admin.email, password: operator.admin.password };
      const seeds: ChannelSeed[] = gateways.map((g) => ({
        name: g.name,
        protocol: g.protocol,
        version: g.version,
        host: g.external?.host ?? '127.0.0.1',
        port: ports.get(g.name)!,
        account: g.account,
        secret: g.secret,
        spNumber: g.spNumber,
        serviceId: g.protocol === 'smpp' ? undefined : 'SMSHUB',
        carriers: g.crossCarriers === undefined ? [g.carrier] : [...g.crossCarriers],
        prefixes: [...(g.prefixes ?? [])],
        role: g.role ?? (g.crossCarriers === undefined ? 'primary' : 'cross_carrier'),
        tps: o.channelTps ?? 500,
        window: o.channelWindow ?? 32,
        maxBinds: o.channelBinds ?? 2,
        options:
          g.protocol === 'sgip'
            ? {
                nodeId: 3010012345,
                corpId: '12345',
                receiver: { host: '127.0.0.1', port: sgipReceiverPort, loginName: 'smg', password: 'smg-secret' },
              }
            : {},
      }));
      const saved = await seedChannels(prisma, seeds);
      channels = saved.map((c) => {
        const g = gateways.find((x) => x.name === c.name)!;
        return {
          name: c.name,
          id: c.id,
          carrier: g.crossCarriers === undefined ? g.carrier : g.crossCarriers.join('/'),
          protocol: `${g.protocol} ${g.version}`,
          port: ports.get(g.name)!,
          prefixes: g.prefixes ?? [],
        };
      });
      await modems?.seed(prisma);
    } finally {
      await prisma.$disconnect();
    }

    const simulatorConfig = path.join(o.workDir, 'simulators.json');
    writeFileSync(
      simulatorConfig,
      JSON.stringify(
        {
          gateways: simulated.map((g) => ({
            protocol: g.protocol,
            version: g.version,
            name: g.name,
            listen: `127.0.0.1:${ports.get(g.name)}`,
            accounts: [{ account: g.account, secret: g.secret, spNumber: g.spNumber }],
            behaviour: { dlrDelayMs: o.dlrDelayMs ?? { min: 200, max: 2_000 }, dlrMix: { DELIVRD: 1 } },
            ...(o.gatewayWindow === undefined ? {} : { window: o.gatewayWindow }),
            ...(g.protocol === 'sgip'
              ? { callback: { listen: `127.0.0.1:${sgipReceiverPort}`, account: 'smg', secret: 'smg-secret' } }
              : {}),
          })),
          control: `127.0.0.1:${controlPort}`,
          stripe: { host: '127.0.0.1', port: stripePort, ...stripeKeys, webhookUrl: stripeWebhookUrl },
        },
        null,
        2,
      ),
    );

    const env: Record<string, string> = {
      DATABASE_URL: o.databaseUrl,
      REDIS_URL: o.redisUrl,
      SMSHUB_REDIS_PREFIX: o.redisPrefix,
      SMSHUB_LOG_LEVEL: o.logLevel ?? 'info',
      LOG_LEVEL: o.logLevel ?? 'info',
      SMSHUB_WEBHOOKS_ALLOW_PRIVATE: '1',
      NEXT_TELEMETRY_DISABLED: '1',
      // The console's session cookies: signed with a secret of this run, and sent over plain
      // http on 127.0.0.1 (behind TLS in production, where the Secure flag stays on).
      NEXTAUTH_SECRET: randomBytes(32).toString('base64url'),
      NEXTAUTH_URL: `http://127.0.0.1:${o.portalPort}`,
      SMSHUB_INSECURE_COOKIES: '1',
      // The console's pages Checkout returns to, and the stand-in the stripe library calls.
      SMSHUB_CONSOLE_URL: `http://127.0.0.1:${o.portalPort}`,
      ...(simulated.length > 0
        ? {
            STRIPE_API_BASE: `http://127.0.0.1:${stripePort}`,
            STRIPE_SECRET_KEY: stripeKeys.secretKey,
            STRIPE_WEBHOOK_SECRET: stripeKeys.webhookSecret,
          }
        : {}),
      ...o.env,
    };
    const node = process.execPath;
    const spec = (
      name: string,
      script: string,
      ready: ((line: string) => boolean) | undefined,
      extra: Record<string, string> = {},
      args: string[] = [],
    ) =>
      new StackChild({
        name,
        command: node,
        args: [...(o.nodeArgs ?? []), path.join(o.root, script), ...args],
        cwd: o.root,
        env: { ...env, SMSHUB_INSTANCE: name, ...extra },
        logFile: path.join(logs, `${name}.log`),
        ...(ready === undefined ? {} : { ready }),
        ...(o.echo === undefined ? {} : { echo: o.echo }),
      });

    if (simulated.length > 0)
      this.children.set(
        'simulators',
        spec('simulators', 'packages/simulator/dist/main.js', (line) => line.includes('control API listening'), {}, [
          '--config',
          simulatorConfig,
        ]),
      );
    for (let i = 1; i <= (o.dispatchers ?? 1); i++)
      this.children.set(
        `dispatcher-${i}`,
        spec(`dispatcher-${i}`, 'workers/dispatcher/dist/main.js', startedLine('dispatcher started')),
      );
    for (let i = 1; i <= (o.carrierWorkers ?? 1); i++)
      this.children.set(
        `carrier-${i}`,
        spec(`carrier-${i}`, 'workers/carrier/dist/main.js', startedLine('carrier worker started')),
      );
    for (const child of modems?.children(spec) ?? []) this.children.set(child.name, child);
    if (o.webhooks !== false)
      this.children.set('webhooks', spec('webhooks', 'workers/webhooks/dist/main.js', undefined));
    if (o.api !== false)
      this.children.set(
        'api',
        spec('api', 'apps/api/dist/main.js', startedLine('api server listening'), {
          SMSHUB_API_HOST: '127.0.0.1',
          SMSHUB_API_PORT: String(o.apiPort),
        }),
      );
    if (o.portal !== false) {
      this.children.set(
        'portal',
        new StackChild({
          name: 'portal',
          command: node,
          args: [
            path.join(o.root, 'apps/portal/node_modules/next/dist/bin/next'),
            'start',
            '-p',
            String(o.portalPort),
            '-H',
            '127.0.0.1',
          ],
          cwd: path.join(o.root, 'apps/portal'),
          env,
          logFile: path.join(logs, 'portal.log'),
          ready: (line) => /Ready in|started server on|Local:/.test(line),
          readyTimeoutMs: 120_000,
          ...(o.echo === undefined ? {} : { echo: o.echo }),
        }),
      );
    }
    for (const child of this.children.values()) {
      progress(`starting ${child.name}`);
      await child.start();
    }
    this.infoValue = {
      portalUrl: `http://127.0.0.1:${o.portalPort}`,
      apiUrl: `http://127.0.0.1:${o.apiPort}`,
      apiKey,
      operatorKey,
      platformAdmin,
      tenantAdmin: { login: DEMO_TENANT_LOGIN, password: DEMO_TENANT_PASSWORD },
      orgId,
      controlUrl: `http://127.0.0.1:${controlPort}`,
      channels,
      modemControlUrl: modems?.controlUrl ?? null,
      modemPool: modems?.info ?? null,
      stripeUrl: simulated.length > 0 ? `http://127.0.0.1:${stripePort}` : null,
    };
    progress('waiting for every channel to bind');
    await this.waitForChannels([
      ...channels.map((c) => String(c.id)),
      ...(modems === null ? [] : [String(modems.info.channelId)]),
    ]);
    if (o.portal !== false) await this.waitForPortal();
    if (o.supervise !== undefined) for (const child of this.children.values()) child.supervise({ log: o.supervise });
    return this.infoValue;
  }

  async stop(): Promise<void> {
    // Workers first (they drain into PostgreSQL), the simulators last.
    const order = [...this.children.values()].reverse();
    for (const child of order) await child.close();
  }

  async waitForChannels(ids: readonly string[], timeoutMs = 60_000): Promise<void> {
    const redis = createRedis({ url: this.options.redisUrl, prefix: this.options.redisPrefix }, 'stack');
    const keys = new RedisKeys(this.options.redisPrefix);
    try {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const states = await readChannelStates(redis, keys, ids);
        const down = ids.filter((id) => !(states.get(id)?.up === true && (states.get(id)?.binds ?? 0) > 0));
        if (down.length === 0) return;
        if (Date.now() > deadline)
          throw new Error(
            `channels not bound after ${timeoutMs} ms: ${down.join(', ')} (see ${this.options.workDir}/logs)`,
          );
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    } finally {
      redis.disconnect();
    }
  }

  private async waitForPortal(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const response = await fetch(`${this.info.portalUrl}/api/v1/openapi.json`);
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`portal not answering after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
