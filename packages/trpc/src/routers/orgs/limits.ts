import { z } from 'zod';

/** Limits an admin sets on an org below its own (null: unlimited / any address). */
export const OrgLimitsInput = {
  dailyLimit: z.number().int().min(1).max(2_147_483_647).nullable().optional(),
  monthlyLimit: z.number().int().min(1).max(2_147_483_647).nullable().optional(),
  rateLimit: z.number().int().min(1).max(2_147_483_647).nullable().optional(),
  ipAllowList: z.array(z.string().max(50)).max(100).optional(),
};

/** Drops the keys left undefined (the operation reads "absent" as "leave as it is"). */
export function defined<T extends Record<string, unknown>>(input: T): { [K in keyof T]: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)) as {
    [K in keyof T]: Exclude<T[K], undefined>;
  };
}
