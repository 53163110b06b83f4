import { createChildOrg } from '@smshub/api';
import { z } from 'zod';
import { permissionProcedure } from '../../trpc.js';
import { defined, OrgLimitsInput } from './limits.js';
import { Id, orgWire } from './wire.js';

export const OrgKindInput = z.enum(['province', 'city', 'county', 'department', 'enterprise', 'partner']);

export const CreateOrgInput = z.object({
  parentId: Id,
  name: z.string().min(1).max(200),
  kind: OrgKindInput,
  /** Empty: the database allocates the next free code below the parent. */
  extensionCode: z
    .string()
    .regex(/^[0-9]{1,12}$/, '1 to 12 digits')
    .nullable()
    .optional(),
  billingMode: z.enum(['prepaid', 'postpaid']).optional(),
  /** li, as digits (the platform's credit line for a postpaid org). */
  creditLimitLi: z
    .string()
    .regex(/^[0-9]{1,13}$/, 'li: digits')
    .transform((value) => BigInt(value))
    .optional(),
  ...OrgLimitsInput,
});

/** A child org below an org of the caller's subtree. */
export const create = permissionProcedure('orgs:manage')
  .input(CreateOrgInput)
  .mutation(async ({ ctx, input: { creditLimitLi, ...input } }) =>
    orgWire(
      await createChildOrg(ctx.deps, ctx.principal, {
        ...defined(input),
        ...(creditLimitLi === undefined ? {} : { creditLimit: creditLimitLi }),
      }),
    ),
  );
