'use client';
import type { AppRouter } from '@smshub/trpc';
import { createTRPCContext } from '@trpc/tanstack-react-query';

/** The console's typed hooks: `const trpc = useTRPC(); useQuery(trpc.orgs.tree.queryOptions())`. */
export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();
