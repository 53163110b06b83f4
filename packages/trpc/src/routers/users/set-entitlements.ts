import { setUserEntitlements } from '@smshub/api';
import { z } from 'zod';
import { permissionProcedure } from '../../trpc.js';
import { BusinessTypeCodes, Id, userEntitlementsWire } from '../orgs/wire.js';

export const SetUserEntitlementsInput = z.object({ userId: Id, businessTypes: BusinessTypeCodes });

/** Narrows what a user may send to its org's business types (empty: all of them). */
export const setEntitlements = permissionProcedure('users:manage')
  .input(SetUserEntitlementsInput)
  .mutation(async ({ ctx, input }) => userEntitlementsWire(await setUserEntitlements(ctx.deps, ctx.principal, input)));
