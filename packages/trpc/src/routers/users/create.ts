import { createUser } from '@smshub/api';
import { z } from 'zod';
import { permissionProcedure } from '../../trpc.js';
import { defined } from '../orgs/limits.js';
import { Id, userWire } from '../orgs/wire.js';
import { UserRoleInput } from './roles.js';

export const CreateUserInput = z.object({
  orgId: Id,
  email: z.string().min(3).max(254),
  name: z.string().min(1).max(100),
  phone: z.string().max(20).nullable().optional(),
  role: UserRoleInput,
  /** Absent: a password is generated and returned once. */
  password: z.string().min(10).max(128).optional(),
});

/** A user in an org of the caller's subtree; the generated password, if any, is in the answer only. */
export const create = permissionProcedure('users:manage')
  .input(CreateUserInput)
  .mutation(async ({ ctx, input }) => {
    const created = await createUser(ctx.deps, ctx.principal, defined(input));
    return { user: userWire(created.user), generatedPassword: created.generatedPassword };
  });
