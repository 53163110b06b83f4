import { getSignupLicence } from '@smshub/api';
import { permissionProcedure } from '../../trpc.js';
import { OrgIdInput } from './schemas.js';

/** The uploaded licence as base64, for the review page to show or download. */
export const licence = permissionProcedure('signups:review')
  .input(OrgIdInput)
  .query(({ ctx, input }) => getSignupLicence(ctx.deps, ctx.principal, { orgId: BigInt(input.orgId) }));
