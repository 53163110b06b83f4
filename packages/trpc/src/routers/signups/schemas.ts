import { SIGNUP_STATUSES } from '@smshub/api';
import { z } from 'zod';

/** Ids cross tRPC as decimal strings. */
export const Id = z.string().regex(/^\d{1,19}$/, 'an id');

export const Page = {
  page: z.number().int().min(1).max(10_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
};

export const ListSignupsInput = z.object({ status: z.enum(SIGNUP_STATUSES).default('pending'), ...Page });
export const OrgIdInput = z.object({ orgId: Id });
export const RefuseInput = z.object({ orgId: Id, reason: z.string().max(500) });
export const ListBarredInput = z.object({
  kind: z.enum(['person', 'company']).optional(),
  search: z.string().max(100).optional(),
  ...Page,
});
export const AddBarredInput = z.object({
  kind: z.enum(['person', 'company']),
  identifier: z.string().max(40),
  name: z.string().max(200),
  reason: z.string().max(300),
});
export const BarredIdInput = z.object({ id: Id });
