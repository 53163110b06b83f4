import { billingMonth, resolveSegmentPrices, segmentPriceFor } from '@smshub/core';
import { describe, expect, it } from 'vitest';
import {
  billingKey,
  decideCharges,
  type BillingState,
  type BillingTerms,
  type MonthUsage,
  type OrgFunds,
  type PackBalance,
} from '../src/store/intake-group.js';

/** Decision 0186's rules without PostgreSQL: prices down the path, packs, plans, the month. */

const ORG = 1n;
const BT = 7n;
const OTHER_BT = 8n;
const NOW = new Date('2026-12-15T04:00:00Z');
const prepaid = (balance: bigint): OrgFunds => ({ billingMode: 'prepaid', balance, reserved: 0n, creditLimit: 0n });

function state(
  options: {
    plan?: BillingTerms;
    usage?: MonthUsage;
    packs?: Partial<PackBalance>[];
  } = {},
): BillingState {
  return {
    plans: new Map(options.plan === undefined ? [] : [[billingKey(ORG, BT), options.plan]]),
    usage: new Map(options.usage === undefined ? [] : [[billingKey(ORG, BT), options.usage]]),
    packs: new Map([
      [
        ORG,
        (options.packs ?? []).map((pack, i) => ({
          id: BigInt(i + 1),
          orgId: ORG,
          businessTypeId: null,
          segmentsLeft: 0,
          expiresAt: null,
          boughtAt: new Date('2026-12-01T00:00:00Z'),
          ...pack,
        })),
      ],
    ]),
    now: NOW,
  };
}

const plan = (terms: Partial<BillingTerms> & Pick<BillingTerms, 'mode'>): BillingTerms => ({
  monthlyFee: 0n,
  includedSegments: 0,
  overagePrice: null,
  monthlyCap: null,
  ...terms,
});

/** Calls of messages given as [segments, price per segment]. */
function decide(billing: BillingState, calls: [number, bigint][][], funds = prepaid(1_000_000n)) {
  return decideCharges(
    new Map([[ORG, funds]]),
    calls.map((messages) => ({
      orgId: ORG,
      businessTypeId: BT,
      hold: false,
      amount: messages.reduce((sum, [segments, price]) => sum + BigInt(segments) * price, 0n),
      messages: messages.map(([segments, price]) => ({ segments, price: BigInt(segments) * price })),
    })),
    billing,
  );
}

const charged = (result: ReturnType<typeof decide>) =>
  result.decisions.map((d) => (d.kind === 'charged' ? (d.prices ?? []).map(Number) : 'refused'));

describe('price resolution down the org tree', () => {
  const cases: {
    name: string;
    rows: { depth: number; carrierCode: string; pricePerSegment: bigint }[];
    want: Record<string, bigint>;
  }[] = [
    { name: 'no rows: the list price', rows: [], want: { CMCC: 50n, CUCC: 50n } },
    {
      name: 'a child without rows gets its parent’s',
      rows: [{ depth: 2, carrierCode: '*', pricePerSegment: 40n }],
      want: { CMCC: 40n, CTCC: 40n },
    },
    {
      name: 'a child with its own row wins',
      rows: [
        { depth: 2, carrierCode: '*', pricePerSegment: 40n },
        { depth: 3, carrierCode: '*', pricePerSegment: 30n },
      ],
      want: { CMCC: 30n },
    },
    {
      name: 'the carrier’s row beats * within one org',
      rows: [
        { depth: 3, carrierCode: '*', pricePerSegment: 30n },
        { depth: 3, carrierCode: 'CTCC', pricePerSegment: 25n },
      ],
      want: { CMCC: 30n, CTCC: 25n },
    },
    {
      name: 'a nearer * beats a farther carrier row',
      rows: [
        { depth: 1, carrierCode: 'CTCC', pricePerSegment: 20n },
        { depth: 3, carrierCode: '*', pricePerSegment: 30n },
      ],
      want: { CTCC: 30n, CMCC: 30n },
    },
    {
      name: 'a nearer carrier row beats a farther *',
      rows: [
        { depth: 1, carrierCode: '*', pricePerSegment: 45n },
        { depth: 2, carrierCode: 'CUCC', pricePerSegment: 33n },
      ],
      want: { CUCC: 33n, CMCC: 45n },
    },
  ];
  it.each(cases)('$name', ({ rows, want }) => {
    const prices = resolveSegmentPrices(50n, rows);
    for (const [carrier, price] of Object.entries(want)) expect(segmentPriceFor(prices, carrier)).toBe(price);
  });
});

describe('billingMonth', () => {
  it('is the month in Asia/Shanghai', () => {
    expect(billingMonth(new Date('2026-12-31T15:59:59Z'))).toBe('2026-12-01');
    expect(billingMonth(new Date('2026-12-31T16:00:00Z'))).toBe('2027-01-01');
    expect(billingMonth(new Date('2026-11-30T16:00:00Z'))).toBe('2026-12-01');
  });
});

describe('decideCharges with packs and plans', () => {
  const cases: {
    name: string;
    billing: BillingState;
    calls: [number, bigint][][];
    funds?: OrgFunds;
    want: (number[] | 'refused')[];
    packsTaken?: Record<string, number>;
    usage?: { segments: number; amount: bigint };
  }[] = [
    {
      name: 'per segment without a plan',
      billing: state(),
      calls: [[[2, 40n]], [[1, 40n]]],
      want: [[80], [40]],
      usage: { segments: 3, amount: 120n },
    },
    {
      name: 'free: nothing charged, no pack touched, segments counted',
      billing: state({ plan: plan({ mode: 'free' }), packs: [{ segmentsLeft: 10 }] }),
      calls: [[[2, 40n]]],
      want: [[0]],
      packsTaken: {},
      usage: { segments: 2, amount: 0n },
    },
    {
      name: 'package: included segments free, then the overage price',
      billing: state({
        plan: plan({ mode: 'monthly_package', monthlyFee: 1000n, includedSegments: 5, overagePrice: 30n }),
        usage: { segments: 3n, amount: 0n, feeCharged: 1000n },
      }),
      calls: [[[1, 40n]], [[2, 40n]], [[2, 40n]]],
      want: [[0], [30], [60]],
      usage: { segments: 5, amount: 90n },
    },
    {
      name: 'package without an overage price: the message’s price',
      billing: state({
        plan: plan({ mode: 'monthly_package', monthlyFee: 1000n, includedSegments: 1 }),
        usage: { segments: 0n, amount: 0n, feeCharged: 1000n },
      }),
      calls: [[[3, 40n]]],
      want: [[80]],
    },
    {
      name: 'package whose month’s fee is not booked: per segment',
      billing: state({ plan: plan({ mode: 'monthly_package', monthlyFee: 1000n, includedSegments: 100 }) }),
      calls: [[[1, 40n]]],
      want: [[40]],
    },
    {
      name: 'a new month: nothing used yet, the included segments again',
      billing: state({
        plan: plan({ mode: 'monthly_package', monthlyFee: 0n, includedSegments: 2, overagePrice: 30n }),
      }),
      calls: [[[2, 40n]], [[1, 40n]]],
      want: [[0], [30]],
    },
    {
      name: 'cap: charged until the cap, the crossing message pays up to it, free after',
      billing: state({
        plan: plan({ mode: 'monthly_cap', monthlyCap: 100n }),
        usage: { segments: 1n, amount: 40n, feeCharged: 0n },
      }),
      calls: [
        [[1, 40n]],
        [
          [1, 40n],
          [1, 40n],
        ],
      ],
      want: [[40], [20, 0]],
      usage: { segments: 3, amount: 60n },
    },
    {
      name: 'packs before money: per type before any type, earliest expiry first, expired ignored',
      billing: state({
        packs: [
          { businessTypeId: null, segmentsLeft: 5, expiresAt: new Date('2026-12-20T00:00:00Z') },
          { businessTypeId: BT, segmentsLeft: 2, expiresAt: new Date('2027-06-01T00:00:00Z') },
          { businessTypeId: BT, segmentsLeft: 9, expiresAt: new Date('2026-12-01T00:00:00Z') },
          { businessTypeId: OTHER_BT, segmentsLeft: 9 },
          { businessTypeId: null, segmentsLeft: 5, expiresAt: null },
        ],
      }),
      calls: [[[3, 40n]], [[4, 40n]], [[6, 40n]]],
      want: [[0], [0], [40]],
      packsTaken: { '2': 2, '1': 5, '5': 5 },
      // Only the segments packs did not pay count in the month.
      usage: { segments: 1, amount: 40n },
    },
    {
      name: 'a refused call takes nothing from packs',
      billing: state({ packs: [{ segmentsLeft: 1 }] }),
      calls: [[[3, 40n]], [[1, 40n]]],
      funds: prepaid(50n),
      want: ['refused', [0]],
      packsTaken: { '1': 1 },
    },
  ];
  it.each(cases)('$name', ({ billing, calls, funds, want, packsTaken, usage }) => {
    const result = decide(billing, calls, funds);
    expect(charged(result)).toEqual(want);
    if (packsTaken !== undefined) {
      expect(Object.fromEntries([...result.packsTaken].map(([id, n]) => [String(id), n]))).toEqual(packsTaken);
    }
    if (usage !== undefined) expect(result.usage.get(billingKey(ORG, BT))).toEqual(usage);
  });

  it('charges what is left after packs and plan against the balance, and refuses what it cannot pay', () => {
    const billing = state({
      plan: plan({ mode: 'monthly_package', monthlyFee: 1n, includedSegments: 1, overagePrice: 30n }),
      usage: { segments: 0n, amount: 0n, feeCharged: 1n },
    });
    const result = decide(billing, [[[2, 40n]], [[1, 40n]], [[1, 40n]]], prepaid(40n));
    expect(result.decisions.map((d) => (d.kind === 'charged' ? d.balanceAfter : 'refused'))).toEqual([
      10n,
      'refused',
      'refused',
    ]);
    expect(result.amounts).toEqual([30n, 30n, 30n]);
    expect(result.totals.get(ORG)).toEqual({ charge: 30n, hold: 0n });
  });
});
