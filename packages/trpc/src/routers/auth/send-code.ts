import { CODE_PURPOSES, sendCode as sendCodeOperation } from '@smshub/api';
import { z } from 'zod';
import { publicProcedure } from '../../trpc.js';

export const SendCodeInput = z.object({
  purpose: z.enum(CODE_PURPOSES.filter((p) => p !== 'bind') as ['signup', 'signin', 'reset']),
  phone: z.string().min(1).max(64),
});

/** A code for sign-up, SMS sign-in or a password reset, sent to the number given. */
export const sendCode = publicProcedure
  .input(SendCodeInput)
  .mutation(({ ctx, input }) => sendCodeOperation(ctx.deps, ctx.principal, { ...input, address: ctx.address }));
