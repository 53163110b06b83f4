/** TON / NPI values (3.4 §5.2.5, §5.2.6) the dialects choose between. */
export const Ton = {
  UNKNOWN: 0,
  INTERNATIONAL: 1,
  NATIONAL: 2,
  NETWORK_SPECIFIC: 3,
  SUBSCRIBER_NUMBER: 4,
  ALPHANUMERIC: 5,
  ABBREVIATED: 6,
} as const;

export const Npi = {
  UNKNOWN: 0,
  ISDN: 1,
  DATA: 3,
  TELEX: 4,
  LAND_MOBILE: 6,
  NATIONAL: 8,
  PRIVATE: 9,
  ERMES: 10,
  INTERNET: 14,
  WAP: 18,
} as const;

export interface NumberPlan {
  readonly ton: number;
  readonly npi: number;
}

/** A sender like "SHOP" must go as alphanumeric (TON 5, NPI 0); numbers use the channel's plan. */
export function planFor(address: string, numeric: NumberPlan): NumberPlan {
  for (let i = 0; i < address.length; i++) {
    const c = address.charCodeAt(i);
    if ((c < 0x30 || c > 0x39) && !(i === 0 && c === 0x2b)) return { ton: Ton.ALPHANUMERIC, npi: Npi.UNKNOWN };
  }
  return numeric;
}
