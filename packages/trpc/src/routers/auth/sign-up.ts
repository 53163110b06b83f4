import { MAX_LICENCE_BYTES, signUp as signUpOperation } from '@smshub/api';
import { z } from 'zod';
import { publicProcedure } from '../../trpc.js';

/**
 * The licence travels inside the JSON as base64 (a third larger than the file): one way in for
 * the whole application — same-origin check, zod, the refusal codes, one transaction — instead of
 * a separate multipart route whose upload would have to be tied to the application afterwards.
 * The cap on the string is the licence limit in base64, so a larger body is refused here already.
 */
export const SignUpInput = z.object({
  companyName: z.string().max(200),
  creditCode: z.string().max(40),
  contactName: z.string().max(100),
  identityNumber: z.string().max(40),
  phone: z.string().max(64),
  code: z.string().max(10),
  email: z.string().max(254).optional(),
  password: z.string().max(1024),
  licence: z.object({
    type: z.string().max(100),
    data: z.string().max(Math.ceil(MAX_LICENCE_BYTES / 3) * 4 + 4),
  }),
});

/** An enterprise applies; its org waits for an operator's approval. */
export const signUp = publicProcedure
  .input(SignUpInput)
  .mutation(({ ctx, input }) => signUpOperation(ctx.deps, { ...input, address: ctx.address }));
