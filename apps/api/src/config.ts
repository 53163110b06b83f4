import { z } from 'zod';

export interface ApiServerConfig {
  readonly host: string;
  readonly port: number;
  readonly keepAliveTimeoutMs: number;
}

/** An unset or empty variable takes the default; anything else must be a whole number in range. */
function wholeNumber(fallback: number, min: number, max: number) {
  return z.preprocess(
    (value) => (value === '' ? undefined : value),
    z.coerce.number().int().min(min).max(max).default(fallback),
  );
}

const envSchema = z.object({
  SMSHUB_API_HOST: z.preprocess((value) => (value === '' ? undefined : value), z.string().default('0.0.0.0')),
  // 0 picks a free port (tests); the port is in the "api server listening" line.
  SMSHUB_API_PORT: wholeNumber(3100, 0, 65_535),
  SMSHUB_API_KEEP_ALIVE_MS: wholeNumber(65_000, 1_000, 600_000),
});

/**
 * The server's own settings from the environment; throws one error listing every bad variable.
 * What the handlers need (DATABASE_URL, REDIS_URL, SMSHUB_REDIS_PREFIX, SMSHUB_TRUST_PROXY,
 * SMSHUB_WEBHOOKS_ALLOW_PRIVATE) is read by `apiDepsConfigFromEnv`, as in the portal.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): ApiServerConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) throw new Error(`api server config:\n${z.prettifyError(parsed.error)}`);
  return {
    host: parsed.data.SMSHUB_API_HOST,
    port: parsed.data.SMSHUB_API_PORT,
    keepAliveTimeoutMs: parsed.data.SMSHUB_API_KEEP_ALIVE_MS,
  };
}
