import { databaseUrlFromEnv } from '@smshub/db';
import { z } from 'zod';

export interface WebhooksConfig {
  readonly databaseUrl: string;
  readonly concurrency: number;
  readonly endpointConcurrency: number;
  readonly requestTimeoutMs: number;
  readonly leaseMs: number;
  readonly pollMs: number;
  readonly allowPrivate: boolean;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
}

/** An unset or empty variable takes the default; anything else must be a whole number in range. */
function wholeNumber(fallback: number, min: number, max: number) {
  return z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.coerce.number().int().min(min).max(max).default(fallback),
  );
}

/** Requests in flight to one endpoint when SMSHUB_WEBHOOK_ENDPOINT_CONCURRENCY is unset (or the whole concurrency, if less). */
const DEFAULT_ENDPOINT_CONCURRENCY = 32;

const envSchema = z
  .object({
    SMSHUB_WEBHOOK_CONCURRENCY: wholeNumber(64, 1, 1000),
    SMSHUB_WEBHOOK_ENDPOINT_CONCURRENCY: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z.coerce.number().int().min(1).max(1000).optional(),
    ),
    SMSHUB_WEBHOOK_TIMEOUT_MS: wholeNumber(10_000, 100, 60_000),
    SMSHUB_WEBHOOK_LEASE_MS: wholeNumber(60_000, 1000, 3_600_000),
    SMSHUB_WEBHOOK_POLL_MS: wholeNumber(1000, 10, 60_000),
    SMSHUB_WEBHOOKS_ALLOW_PRIVATE: z.enum(['', '0', '1']).default('0'),
    LOG_LEVEL: z.enum(['', 'fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  })
  // A lease that can run out while its request is still going lets a second worker send the same
  // delivery; keep a margin for recording the result on a busy database.
  .refine((env) => env.SMSHUB_WEBHOOK_LEASE_MS >= env.SMSHUB_WEBHOOK_TIMEOUT_MS + 5000, {
    message: 'SMSHUB_WEBHOOK_LEASE_MS must be at least SMSHUB_WEBHOOK_TIMEOUT_MS + 5000',
    path: ['SMSHUB_WEBHOOK_LEASE_MS'],
  })
  .refine(
    (env) =>
      env.SMSHUB_WEBHOOK_ENDPOINT_CONCURRENCY === undefined ||
      env.SMSHUB_WEBHOOK_ENDPOINT_CONCURRENCY <= env.SMSHUB_WEBHOOK_CONCURRENCY,
    {
      message: 'SMSHUB_WEBHOOK_ENDPOINT_CONCURRENCY must not exceed SMSHUB_WEBHOOK_CONCURRENCY',
      path: ['SMSHUB_WEBHOOK_ENDPOINT_CONCURRENCY'],
    },
  );

/** The worker's settings from the environment; throws one error listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): WebhooksConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new Error(`webhooks config:\n${z.prettifyError(parsed.error)}`);
  const values = parsed.data;
  return {
    databaseUrl: databaseUrlFromEnv(env),
    concurrency: values.SMSHUB_WEBHOOK_CONCURRENCY,
    endpointConcurrency:
      values.SMSHUB_WEBHOOK_ENDPOINT_CONCURRENCY ??
      Math.min(DEFAULT_ENDPOINT_CONCURRENCY, values.SMSHUB_WEBHOOK_CONCURRENCY),
    requestTimeoutMs: values.SMSHUB_WEBHOOK_TIMEOUT_MS,
    leaseMs: values.SMSHUB_WEBHOOK_LEASE_MS,
    pollMs: values.SMSHUB_WEBHOOK_POLL_MS,
    allowPrivate: values.SMSHUB_WEBHOOKS_ALLOW_PRIVATE === '1',
    logLevel: values.LOG_LEVEL === '' ? 'info' : values.LOG_LEVEL,
  };
}
