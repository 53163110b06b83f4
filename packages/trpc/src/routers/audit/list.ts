import { listAudit } from '@smshub/api';
import { z } from 'zod';
import { permissionProcedure } from '../../trpc.js';
import { defined } from '../orgs/limits.js';
import { auditWire, Id, Paging } from '../orgs/wire.js';

export const ListAuditInput = z.object({
  /** Exact (org.create) or a prefix ending in a dot (org.). */
  action: z.string().max(60).optional(),
  userId: Id.optional(),
  orgId: Id.optional(),
  from: z.iso
    .datetime({ offset: true })
    .transform((value) => new Date(value))
    .optional(),
  to: z.iso
    .datetime({ offset: true })
    .transform((value) => new Date(value))
    .optional(),
  ...Paging,
});

/** Audit entries about the caller's subtree, newest first. */
export const list = permissionProcedure('audit:read')
  .input(ListAuditInput)
  .query(async ({ ctx, input }) => {
    const page = await listAudit(ctx.deps, ctx.principal, defined(input));
    return { items: page.items.map(auditWire), total: page.total, page: page.page, pageSize: page.pageSize };
  });
