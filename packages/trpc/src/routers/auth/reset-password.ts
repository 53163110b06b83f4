import { resetPassword as resetPasswordOperation } from '@smshub/api';
import { z } from 'zod';
import { publicProcedure } from '../../trpc.js';

export const ResetPasswordInput = z.object({
  phone: z.string().min(1).max(64),
  code: z.string().min(1).max(10),
  newPassword: z.string().max(1024),
});

/** A forgotten password, replaced with the code sent for "reset". */
export const resetPassword = publicProcedure.input(ResetPasswordInput).mutation(async ({ ctx, input }) => {
  await resetPasswordOperation(ctx.deps, { ...input, address: ctx.address });
  return { ok: true as const };
});
