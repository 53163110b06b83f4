import { addBarred, listBarred, removeBarred } from '@smshub/api';
import { permissionProcedure } from '../../trpc.js';
import { AddBarredInput, BarredIdInput, ListBarredInput } from './schemas.js';

export const barredList = permissionProcedure('signups:review')
  .input(ListBarredInput)
  .query(({ ctx, input }) => listBarred(ctx.deps, ctx.principal, input));

export const barredAdd = permissionProcedure('signups:review')
  .input(AddBarredInput)
  .mutation(({ ctx, input }) => addBarred(ctx.deps, ctx.principal, input));

export const barredRemove = permissionProcedure('signups:review')
  .input(BarredIdInput)
  .mutation(async ({ ctx, input }) => {
    await removeBarred(ctx.deps, ctx.principal, { id: BigInt(input.id) });
    return { ok: true as const };
  });
