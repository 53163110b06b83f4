'use client';
import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTRPC } from '../../../src/trpc/client';

export interface BusinessTypeChoice {
  readonly id: string;
  readonly code: string;
  readonly name: string;
}

/** The platform's enabled business types, in its order, as the caller's price list names them. */
export function useBusinessTypes(): {
  readonly types: readonly BusinessTypeChoice[];
  readonly nameOf: (code: string | null) => string;
} {
  const trpc = useTRPC();
  const prices = useQuery(trpc.billing.listPrices.queryOptions({}));
  return useMemo(() => {
    const seen = new Map<string, BusinessTypeChoice>();
    for (const price of prices.data?.prices ?? []) {
      if (!seen.has(price.businessTypeId))
        seen.set(price.businessTypeId, {
          id: price.businessTypeId,
          code: price.businessTypeCode,
          name: price.businessTypeName,
        });
    }
    const types = [...seen.values()];
    const names = new Map(types.map((type) => [type.code, type.name]));
    return { types, nameOf: (code) => (code === null ? '—' : (names.get(code) ?? code)) };
  }, [prices.data]);
}
