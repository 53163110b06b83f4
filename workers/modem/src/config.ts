import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The modem pool's configuration, checked at the edge: which serial ports hold modems, at what
 * baud rate and rate limit, and how to initialise them. Read from a JSON file (MODEM_CONFIG) or
 * JSON text (MODEM_CONFIG_JSON); `reload` takes a new one while running.
 *
 *   { "ports": [ { "path": "/dev/ttyUSB0", "baudRate": 115200, "tps": 0.5 } ],
 *     "numbers": "e164" }
 */

const atCommand = z
  .string()
  .min(2)
  .max(200)
  .refine((text) => text.slice(0, 2).toUpperCase() === 'AT', 'an AT command starts with AT')
  .refine(
    (text) => !text.includes('\r') && !text.includes('\n') && !text.includes('\x1a'),
    'one command line, without CR, LF or Ctrl-Z',
  );

export const modemPortSchema = z
  .object({
    path: z.string().min(1),
    /** In carrier message ids; default: the path without /dev/, '/' as '-'. */
    id: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,32}$/, 'letters, digits, ".", "_" and "-", at most 32')
      .optional(),
    baudRate: z.number().int().positive().default(115_200),
    /** Submits per second; GSM modules manage about one every few seconds. */
    tps: z.number().positive().max(50).default(0.5),
    /** Submits that may queue on this modem. */
    window: z.number().int().min(1).max(100).default(4),
    /** The SIM's number, `to` of its MO. */
    ownNumber: z.string().max(21).default(''),
    init: z
      .object({
        /** AT+CNMI parameters: 2,1,0,1,0 = MO stored with +CMTI, reports shown with +CDS. */
        cnmi: z
          .string()
          .regex(/^[0-3]?(,[0-3]?){0,4}$/, 'up to five comma-separated values 0–3')
          .default('2,1,0,1,0'),
        /** AT+CSMS service: 1 = acknowledge +CMT / +CDS with AT+CNMA; absent = leave the module's. */
        smsService: z.union([z.literal(0), z.literal(1)]).optional(),
        pin: z
          .string()
          .regex(/^\d{4,8}$/)
          .optional(),
        extra: z.array(atCommand).max(20).default([]),
      })
      .strict()
      .default({ cnmi: '2,1,0,1,0', extra: [] }),
  })
  .strict();

export const modemPoolConfigSchema = z
  .object({
    ports: z.array(modemPortSchema).default([]),
    /**
     * The recipients the pipeline hands over: E.164 digits, sent with TON international; or, for
     * a domestic-only SIM whose network wants it, national numbers sent with TON unknown.
     */
    numbers: z.enum(['e164', 'national']).default('e164'),
    /** Validity for segments without their own; null sends none (the SMSC's default). */
    defaultValidityMinutes: z.number().positive().nullable().default(null),
    timeouts: z
      .object({
        commandMs: z.number().int().positive().default(5_000),
        promptMs: z.number().int().positive().default(5_000),
        submitMs: z.number().int().positive().default(60_000),
        quietMs: z.number().int().min(0).default(200),
        /**
         * How long opening a port waits for its path to become a serial device (a link still to
         * be made, a stale file in its place) before the attempt fails and recovery backs off.
         */
        deviceMs: z.number().int().positive().default(5_000),
      })
      .strict()
      .default({ commandMs: 5_000, promptMs: 5_000, submitMs: 60_000, quietMs: 200, deviceMs: 5_000 }),
    healthIntervalMs: z.number().int().positive().default(30_000),
    maxConsecutiveFailures: z.number().int().min(1).default(3),
    recovery: z
      .object({
        initialMs: z.number().int().positive().default(5_000),
        maxMs: z.number().int().positive().default(300_000),
      })
      .strict()
      .refine((recovery) => recovery.maxMs >= recovery.initialMs, 'recovery.maxMs must be at least recovery.initialMs')
      .default({ initialMs: 5_000, maxMs: 300_000 }),
    retryStoredMs: z.number().int().positive().default(60_000),
    /** How long `stop` waits for submits in flight. */
    stopTimeoutMs: z.number().int().positive().default(30_000),
  })
  .strict()
  .superRefine((config, context) => {
    const seen = new Set<string>();
    for (const [i, port] of config.ports.entries()) {
      for (const key of [`path:${port.path}`, `id:${portId(port)}`]) {
        if (seen.has(key))
          context.addIssue({ code: 'custom', path: ['ports', i], message: `duplicate ${key.replace(':', ' ')}` });
        seen.add(key);
      }
    }
  });

export type ModemPortConfig = z.infer<typeof modemPortSchema>;
export type ModemPortInput = z.input<typeof modemPortSchema>;
export type ModemPoolConfig = z.infer<typeof modemPoolConfigSchema>;
export type ModemPoolConfigInput = z.input<typeof modemPoolConfigSchema>;

export class ModemConfigError extends Error {
  override readonly name = 'ModemConfigError';
}

export function parseModemPoolConfig(input: unknown, source = 'modem config'): ModemPoolConfig {
  const result = modemPoolConfigSchema.safeParse(input);
  if (result.success) return result.data;
  const problems = result.error.issues
    .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
    .join('; ');
  throw new ModemConfigError(`${source}: ${problems}`);
}

export function parseModemPort(input: unknown): ModemPortConfig {
  const result = modemPortSchema.safeParse(input);
  if (result.success) return result.data;
  throw new ModemConfigError(
    `modem port: ${result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`).join('; ')}`,
  );
}

/**
 * The pool of a modem channel (protocol 'modem'): its `options` column is the pool's
 * configuration, `{ "ports": [ { "path": "/dev/ttyUSB0", "tps": 0.5 } … ], … }`. A channel with
 * no port could never send, so that is refused here too.
 */
export function modemPoolConfigOfChannel(channel: {
  readonly name: string;
  readonly options: unknown;
}): ModemPoolConfig {
  const config = parseModemPoolConfig(channel.options ?? {}, `modem channel "${channel.name}" options`);
  if (config.ports.length === 0)
    throw new ModemConfigError(`modem channel "${channel.name}" options: ports: at least one serial port is needed`);
  return config;
}

/** MODEM_CONFIG (a JSON file) or MODEM_CONFIG_JSON (JSON text); an empty pool without either. */
export function modemPoolConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ModemPoolConfig {
  const file = env.MODEM_CONFIG;
  const text = file === undefined || file === '' ? env.MODEM_CONFIG_JSON : readFileSync(file, 'utf8');
  const source = file === undefined || file === '' ? 'MODEM_CONFIG_JSON' : file;
  if (text === undefined || text.trim() === '') return parseModemPoolConfig({}, 'defaults');
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    throw new ModemConfigError(`${source}: not JSON: ${(error as Error).message}`);
  }
  return parseModemPoolConfig(input, source);
}

/** The id a port goes by: its own, or its path without /dev/ and with '/' as '-'. */
export function portId(port: Pick<ModemPortConfig, 'path' | 'id'>): string {
  if (port.id !== undefined) return port.id;
  const path = port.path.startsWith('/dev/') ? port.path.slice(5) : port.path;
  let id = '';
  for (const char of path) {
    const keep =
      (char >= 'a' && char <= 'z') ||
      (char >= 'A' && char <= 'Z') ||
      (char >= '0' && char <= '9') ||
      char === '.' ||
      char === '_' ||
      char === '-';
    id += keep ? char : '-';
  }
  return id.slice(-32) || 'modem';
}
