import { databaseUrlFromEnv } from '@smshub/db';
import { redisConfigFromEnv } from '@smshub/queue';
import { z } from 'zod';

const envSchema = z.object({
  SMSHUB_DISPATCH_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  SMSHUB_LOG_LEVEL: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
  SMSHUB_INSTANCE: z.string().min(1).optional(),
});

export interface DispatcherConfig {
  readonly databaseUrl: string;
  readonly redis: ReturnType<typeof redisConfigFromEnv>;
  readonly concurrency: number;
  readonly logLevel: string;
  readonly instance: string;
}

/** Reads the environment; a bad value stops the process with a message naming it. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): DispatcherConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new Error(
      `dispatcher configuration: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    );
  }
  return {
    databaseUrl: databaseUrlFromEnv(env),
    redis: redisConfigFromEnv(env),
    concurrency: parsed.data.SMSHUB_DISPATCH_CONCURRENCY,
    logLevel: parsed.data.SMSHUB_LOG_LEVEL,
    instance: parsed.data.SMSHUB_INSTANCE ?? `dispatcher-${process.pid}`,
  };
}
