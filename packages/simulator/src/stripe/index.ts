import { z } from 'zod';

export * from './stand-in.js';
export { decodeStripeForm, type FormValue } from './form.js';

/** The simulator's config file key `stripe`: where the stand-in listens and what it checks and signs with. */
export const stripeStandInConfigSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: z.number().int().min(0).max(65_535),
    secretKey: z.string().min(1),
    webhookSecret: z.string().min(1),
    webhookUrl: z.string().url().nullable().optional(),
  })
  .strict();
export type StripeStandInConfig = z.infer<typeof stripeStandInConfigSchema>;
