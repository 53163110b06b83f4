#!/usr/bin/env node
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { runProcess } from '@smshub/process';
import type { Logger } from 'pino';
import { z } from 'zod';
import { behaviourSchema, deliveryStates } from './behaviour.js';
import { startControlServer } from './control.js';
import { SimulatedGateway } from './gateway.js';
import { gatewayProtocol, protocolNames, type ProtocolName } from './protocols.js';
import { StripeStandIn, stripeStandInConfigSchema, type StripeStandInConfig } from './stripe/index.js';

const USAGE = `smshub carrier gateway simulator

  One gateway from flags:
    --smpp|--cmpp|--sgip|--smgp|--cngp HOST:PORT   protocol and listen address (exactly one)
    --version V             protocol version (smpp 3.3/3.4/5.0, cmpp 2.0/3.0, sgip 1.2, smgp 2.0/3.0, cngp 2.0)
    --system-id ID          account the client binds with (SMPP system_id, CMPP/SMGP/CNGP SP id, SGIP login name)
    --password PW           its password / shared secret
    --sp-number N           SP number generated MO is addressed to (default: the account)
    --name NAME             gateway name in logs and the control API (default: the protocol)
    --gateway-code CODE     gateway code in message ids (CMPP ISMG code, SMGP/CNGP gateway code, SGIP node id)
    --max-clock-skew MS|off CMPP/SMGP/CNGP: largest login timestamp distance from Beijing time (default 600000)
    --dlr-delay MIN-MAX     status-report delay in ms (default 100-1000)
    --dlr-mix S=W,...       report state weights, states ${deliveryStates.join('/')} (default DELIVRD=1)
    --throttle-tps N        answer submits above N per second with the throttling status (default 0 = off)
    --disconnect-probability P   drop the connection on a submit with probability P (default 0)
    --mo-per-second N       generate N MO messages per second per account (default 0)
    --mode M                normal | down | blackhole | reject (default normal)
    --callback HOST:PORT    SGIP: where the client's own SGIP server listens for reports and MO
    --callback-account ID --callback-password PW   SGIP: credentials for that connection
  Or several gateways:
    --config FILE           JSON: { "gateways": [ { "protocol", "listen", "accounts": [{account, secret, spNumber?}], ... } ] }
  Both:
    --control HOST:PORT     HTTP control API (GET /gateways, POST /gateways/NAME/behaviour …)
    --stripe HOST:PORT      the Stripe Checkout stand-in (src/stripe), checking STRIPE_SECRET_KEY and signing
                            with STRIPE_WEBHOOK_SECRET from the environment; in a config file:
                            "stripe": { "port", "secretKey", "webhookSecret", "webhookUrl"? }
    --stripe-webhook URL    where the stand-in delivers its events (default: none until set over /control/webhook)
    --help
`;

const hostPort = z
  .string()
  .regex(/^[^:]+:\d{1,5}$/, 'expected HOST:PORT')
  .transform((value) => {
    const at = value.lastIndexOf(':');
    return { host: value.slice(0, at), port: Number(value.slice(at + 1)) };
  });

const gatewayConfigSchema = z
  .object({
    protocol: z.enum(protocolNames),
    version: z.string().optional(),
    name: z.string().min(1).optional(),
    listen: hostPort,
    gatewayCode: z.string().optional(),
    /** CMPP / SMGP / CNGP login timestamp window in ms; null turns the check off. */
    maxClockSkewMs: z.number().int().min(0).nullable().optional(),
    systemId: z.string().optional(),
    accounts: z
      .array(z.object({ account: z.string().min(1), secret: z.string(), spNumber: z.string().optional() }).strict())
      .min(1),
    behaviour: behaviourSchema.partial().optional(),
    /** Reports and MO the gateway sends before waiting for answers, per connection. */
    window: z.number().int().min(1).max(4096).optional(),
    callback: z.object({ listen: hostPort, account: z.string(), secret: z.string() }).strict().optional(),
  })
  .strict();

const fileSchema = z
  .object({
    gateways: z.array(gatewayConfigSchema).min(1),
    control: hostPort.optional(),
    stripe: stripeStandInConfigSchema.optional(),
  })
  .strict();

type GatewayConfig = z.infer<typeof gatewayConfigSchema>;

function parseMix(text: string): Record<string, number> {
  const mix: Record<string, number> = {};
  for (const part of text.split(',')) {
    const [state, weight] = part.split('=');
    if (state === undefined || weight === undefined || Number.isNaN(Number(weight)))
      throw new Error(`--dlr-mix: cannot read "${part}" (expected STATE=WEIGHT)`);
    mix[state.trim().toUpperCase()] = Number(weight);
  }
  return mix;
}

function fromFlags(values: Record<string, string | boolean | undefined>): {
  gateways: GatewayConfig[];
  control?: { host: string; port: number };
  stripe?: StripeStandInConfig;
} {
  if (typeof values.config === 'string') {
    return fileSchema.parse(JSON.parse(readFileSync(values.config, 'utf8')));
  }
  const chosen = protocolNames.filter((name) => typeof values[name] === 'string');
  if (chosen.length !== 1)
    throw new Error(`give exactly one of ${protocolNames.map((n) => `--${n}`).join(', ')} (or --config)`);
  const protocol = chosen[0] as ProtocolName;
  if (typeof values['system-id'] !== 'string' || typeof values.password !== 'string')
    throw new Error('--system-id and --password are required');
  const behaviour: Record<string, unknown> = {};
  if (typeof values['dlr-delay'] === 'string') {
    const [min, max] = values['dlr-delay'].split('-').map(Number);
    behaviour.dlrDelayMs = { min, max: max ?? min };
  }
  if (typeof values['dlr-mix'] === 'string') behaviour.dlrMix = parseMix(values['dlr-mix']);
  if (typeof values['throttle-tps'] === 'string') behaviour.throttleTps = Number(values['throttle-tps']);
  if (typeof values['disconnect-probability'] === 'string')
    behaviour.disconnectProbability = Number(values['disconnect-probability']);
  if (typeof values['mo-per-second'] === 'string') behaviour.moPerSecond = Number(values['mo-per-second']);
  if (typeof values.mode === 'string') behaviour.mode = values.mode;
  let maxClockSkewMs: number | null | undefined;
  if (typeof values['max-clock-skew'] === 'string') {
    const text = values['max-clock-skew'];
    maxClockSkewMs = text === 'off' ? null : /^\d+$/.test(text) ? Number(text) : NaN;
    if (Number.isNaN(maxClockSkewMs))
      throw new Error(`--max-clock-skew: expected milliseconds or "off", got "${text}"`);
  }
  const config = gatewayConfigSchema.parse({
    protocol,
    version: values.version,
    name: values.name,
    listen: values[protocol],
    gatewayCode: values['gateway-code'],
    maxClockSkewMs,
    accounts: [{ account: values['system-id'], secret: values.password, spNumber: values['sp-number'] }],
    behaviour,
    callback:
      typeof values.callback === 'string'
        ? {
            listen: values.callback,
            account: values['callback-account'] ?? values['system-id'],
            secret: values['callback-password'] ?? values.password,
          }
        : undefined,
  });
  return {
    gateways: [config],
    control: typeof values.control === 'string' ? hostPort.parse(values.control) : undefined,
    stripe: typeof values.stripe === 'string' ? stripeFromFlags(values.stripe, values['stripe-webhook']) : undefined,
  };
}

function stripeFromFlags(listen: string, webhookUrl: string | boolean | undefined): StripeStandInConfig {
  const at = hostPort.parse(listen);
  const secretKey = process.env['STRIPE_SECRET_KEY'];
  const webhookSecret = process.env['STRIPE_WEBHOOK_SECRET'];
  if (secretKey === undefined || webhookSecret === undefined) {
    throw new Error('--stripe needs STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET in the environment');
  }
  return stripeStandInConfigSchema.parse({
    host: at.host,
    port: at.port,
    secretKey,
    webhookSecret,
    webhookUrl: typeof webhookUrl === 'string' ? webhookUrl : null,
  });
}

/** Starts the gateways; resolves with their stop. (--help and usage errors start nothing.) */
async function main(log: Logger): Promise<() => Promise<void>> {
  const nothing = async () => undefined;
  // `pnpm start -- --smpp …` (the README's form) hands the `--` on to the script, and parseArgs
  // reads everything after a `--` as positionals; a leading one separates nothing here.
  const argv = process.argv.slice(2);
  if (argv[0] === '--') argv.shift();
  const { values } = parseArgs({
    args: argv,
    options: {
      ...Object.fromEntries(protocolNames.map((name) => [name, { type: 'string' as const }])),
      version: { type: 'string' },
      'system-id': { type: 'string' },
      password: { type: 'string' },
      'sp-number': { type: 'string' },
      name: { type: 'string' },
      'gateway-code': { type: 'string' },
      'max-clock-skew': { type: 'string' },
      'dlr-delay': { type: 'string' },
      'dlr-mix': { type: 'string' },
      'throttle-tps': { type: 'string' },
      'disconnect-probability': { type: 'string' },
      'mo-per-second': { type: 'string' },
      mode: { type: 'string' },
      callback: { type: 'string' },
      'callback-account': { type: 'string' },
      'callback-password': { type: 'string' },
      config: { type: 'string' },
      control: { type: 'string' },
      stripe: { type: 'string' },
      'stripe-webhook': { type: 'string' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help === true) {
    process.stdout.write(USAGE);
    return nothing;
  }
  let parsed: ReturnType<typeof fromFlags>;
  try {
    parsed = fromFlags(values);
  } catch (error) {
    const message =
      error instanceof z.ZodError
        ? error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')
        : (error as Error).message;
    process.stderr.write(`simulator: ${message}\n\n${USAGE}`);
    process.exitCode = 2;
    return nothing;
  }
  const gateways = new Map<string, SimulatedGateway>();
  for (const config of parsed.gateways) {
    const name = config.name ?? config.protocol;
    const gateway = new SimulatedGateway({
      protocol: gatewayProtocol(config.protocol, config.version, {
        systemId: config.systemId,
        gatewayCode: config.gatewayCode,
        maxClockSkewMs: config.maxClockSkewMs,
      }),
      name,
      host: config.listen.host,
      port: config.listen.port,
      accounts: config.accounts,
      behaviour: config.behaviour,
      callback:
        config.callback === undefined
          ? undefined
          : { ...config.callback.listen, account: config.callback.account, secret: config.callback.secret },
      ...(config.window === undefined ? {} : { window: config.window }),
    });
    gateway.on('warning', (error) => log.warn({ gateway: name, err: error.message }, 'warning'));
    // The clock skew goes into the log whether the login passed or not: a refused client on UTC
    // shows −28800000, and an accepted one drifting towards the window shows before it fails.
    gateway.on('login', (login) =>
      login.accepted
        ? log.info({ gateway: name, ...login }, 'login accepted')
        : log.warn({ gateway: name, ...login }, 'login refused'),
    );
    const port = await gateway.start();
    gateways.set(name, gateway);
    log.info({ gateway: name, protocol: config.protocol, host: config.listen.host, port }, 'gateway listening');
  }
  const stripe = parsed.stripe === undefined ? null : new StripeStandIn(parsed.stripe);
  if (stripe !== null && parsed.stripe !== undefined) {
    const address = await stripe.start(parsed.stripe.port, parsed.stripe.host);
    log.info(
      { host: address.address, port: address.port, webhookUrl: parsed.stripe.webhookUrl ?? null },
      'stripe stand-in listening',
    );
  }
  const control =
    parsed.control === undefined ? null : await startControlServer(gateways, parsed.control.port, parsed.control.host);
  if (parsed.control !== undefined) log.info({ ...parsed.control }, 'control API listening');
  return async () => {
    control?.close();
    await stripe?.stop();
    await Promise.all([...gateways.values()].map((g) => g.stop()));
    for (const [name, gateway] of gateways) log.info({ gateway: name, stats: gateway.stats }, 'final counters');
  };
}

runProcess({ name: 'simulator' }, main);
