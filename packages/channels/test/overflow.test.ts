import { describe, expect, it } from 'vitest';
import { dispatchBatches, reachableElsewhere } from '../src/index.js';

/* Where an overdue message may go, and how given-back messages are batched: no Redis, no clock. */

const now = 1_000_000;
const live = { up: true, binds: 2, updatedAt: now - 1_000 };
const cucc = { id: 7n, role: 'cross_carrier' as const, carriers: ['CMCC', 'CUCC'] };
const modems = { id: 9n, role: 'backup' as const, carriers: [] };
const cmcc = { id: 1n, carrierCode: 'CMCC' };
const ctcc = { id: 2n, carrierCode: 'CTCC' };
const unknown = { id: 3n, carrierCode: null };

describe('reachableElsewhere', () => {
  it.each([
    {
      name: 'a live cross-carrier channel reaches its carriers only',
      alternatives: [cucc],
      states: { '7': live },
      expected: [1n],
    },
    {
      name: 'a live modem pool reaches every message',
      alternatives: [modems],
      states: { '9': live },
      expected: [1n, 2n, 3n],
    },
    {
      name: 'a channel whose state is older than 5 s is not usable',
      alternatives: [cucc],
      states: { '7': { ...live, updatedAt: now - 5_001 } },
      expected: [],
    },
    {
      name: 'a channel that is down is not usable',
      alternatives: [cucc],
      states: { '7': { ...live, up: false } },
      expected: [],
    },
    {
      name: 'a channel without binds is not usable',
      alternatives: [modems],
      states: { '9': { ...live, binds: 0 } },
      expected: [],
    },
    { name: 'a channel that never published is not usable', alternatives: [cucc, modems], states: {}, expected: [] },
  ])('$name', ({ alternatives, states, expected }) => {
    const reached = reachableElsewhere([cmcc, ctcc, unknown], alternatives, new Map(Object.entries(states)), now);
    expect([...reached].sort()).toEqual(expected);
  });
});

describe('dispatchBatches', () => {
  it('groups by reason and delay, 500 ids a job', () => {
    const released = [
      ...Array.from({ length: 501 }, (_, i) => ({ id: BigInt(i + 1), delayMs: 0, overflow: false })),
      { id: 900n, delayMs: 0, overflow: true },
      { id: 901n, delayMs: 3_000, overflow: false },
      { id: 902n, delayMs: 3_000, overflow: false },
      { id: 903n, delayMs: 6_000, overflow: false },
    ];
    const batches = dispatchBatches(released).map((b) => ({ ...b, ids: b.ids.length === 1 ? b.ids : b.ids.length }));
    expect(batches).toEqual([
      { delay: 0, reason: 'failover', ids: 500 },
      { delay: 0, reason: 'failover', ids: ['501'] },
      { delay: 0, reason: 'overflow', ids: ['900'] },
      { delay: 3_000, reason: 'retry', ids: 2 },
      { delay: 6_000, reason: 'retry', ids: ['903'] },
    ]);
  });

  it('gives no job for nothing', () => {
    expect(dispatchBatches([])).toEqual([]);
  });
});
