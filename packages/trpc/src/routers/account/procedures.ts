import {
  changeMyPassword,
  endMyOtherSessions,
  endMySession,
  getMyBindings,
  listMySessions,
  sendCode,
  setMyBindings,
} from '@smshub/api';
import { z } from 'zod';
import { authedProcedure } from '../../trpc.js';

/** Any signed-in person, about their own account. */
const mine = authedProcedure.meta({ permission: null, self: true });

export const sessions = mine.query(({ ctx }) => listMySessions(ctx.deps, ctx.principal));

export const endSession = mine
  .input(z.object({ sessionId: z.string().min(1).max(64) }))
  .mutation(async ({ ctx, input }) => {
    await endMySession(ctx.deps, ctx.principal, input);
    return { ok: true as const };
  });

export const endOtherSessions = mine.mutation(({ ctx }) => endMyOtherSessions(ctx.deps, ctx.principal));

export const changePassword = mine
  .input(z.object({ oldPassword: z.string().max(1024), newPassword: z.string().max(1024) }))
  .mutation(async ({ ctx, input }) => {
    await changeMyPassword(ctx.deps, ctx.principal, input);
    return { ok: true as const };
  });

export const bindings = mine.query(({ ctx }) => getMyBindings(ctx.deps, ctx.principal));

export const setBindings = mine
  .input(
    z.object({
      phones: z.array(z.string().max(64)).max(10),
      addresses: z.array(z.string().max(60)).max(20),
      codes: z.record(z.string().max(64), z.string().max(10)).default({}),
    }),
  )
  .mutation(({ ctx, input }) => setMyBindings(ctx.deps, ctx.principal, input));

/** The code that proves a number is mine before it is bound. */
export const sendBindCode = mine
  .input(z.object({ phone: z.string().min(1).max(64) }))
  .mutation(({ ctx, input }) =>
    sendCode(ctx.deps, ctx.principal, { purpose: 'bind', phone: input.phone, address: ctx.address }),
  );
