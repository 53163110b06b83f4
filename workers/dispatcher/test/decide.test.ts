import { type ChannelInfo, type ChannelLiveState, ChannelPicker, RouteTable } from '@smshub/core';
import type { BusinessTypeInfo } from '@smshub/db';
import { describe, expect, it } from 'vitest';
import { type Decision, type DecisionMessage, decide, decideReturns } from '../src/decide.js';

/*
 * The dispatcher's decision alone: no PostgreSQL, no Redis. Channels, routes and live states are
 * written out here; each row says what one message (or a stream of them) gets.
 */

const NOW = 1_800_000_000_000;

function channel(
  id: string,
  name: string,
  role: ChannelInfo['role'],
  carriers: ChannelInfo['carriers'],
  tps = 100,
): ChannelInfo {
  return {
    id,
    name,
    protocol: role === 'backup' ? 'modem' : 'smpp',
    carriers,
    role,
    weight: 1,
    cost: 1,
    tps,
    windowSize: 16,
    maxBinds: 1,
    enabled: true,
  };
}

// Channel ids are bigints in messages; the rows below name channels, `ID` translates.
const CHANNELS: ChannelInfo[] = [
  channel('1', 'cmcc-a', 'primary', ['CMCC']),
  channel('2', 'cmcc-b', 'primary', ['CMCC']),
  channel('3', 'cucc-a', 'primary', ['CUCC']),
  channel('4', 'cross', 'cross_carrier', ['CMCC', 'CUCC']),
  channel('5', 'modems', 'backup', ['CMCC', 'CUCC', 'CTCC'], 2),
];
const ID = Object.fromEntries(CHANNELS.map((c) => [c.name, c.id])) as Record<string, string>;
const NAME = (id: string) => CHANNELS.find((c) => c.id === id)?.name ?? `?${id}`;

const TABLE = new RouteTable(
  [
    {
      id: 'r-cmcc',
      carrier: 'CMCC',
      businessTypeId: null,
      orgId: null,
      prefix: null,
      priority: 0,
      channels: [
        { channelId: ID['cmcc-a']!, tier: 1 },
        { channelId: ID['cmcc-b']!, tier: 1 },
      ],
    },
    {
      id: 'r-cucc',
      carrier: 'CUCC',
      businessTypeId: null,
      orgId: null,
      prefix: null,
      priority: 0,
      channels: [{ channelId: ID['cucc-a']!, tier: 1 }],
    },
  ],
  CHANNELS,
);

function businessType(code: string, maxQueueWaitSeconds: number, extra: Partial<BusinessTypeInfo> = {}) {
  return {
    id: 1n,
    code,
    priority: 20,
    maxQueueWaitSeconds,
    validitySeconds: 3600,
    retryAttempts: 3,
    retryBackoffSeconds: 30,
    retryChangeChannel: true,
    wantStatusReport: true,
    quietHours: { start: 22, end: 8, apply: false },
    dualSend: false,
    outcomeFailoverAttempts: 0,
    outcomeFailoverChangeCarrier: true,
    ...extra,
  } satisfies BusinessTypeInfo;
}

const TYPES = {
  notification: businessType('notification', 300),
  verification: businessType('verification', 10, { priority: 30 }),
  alarm: businessType('alarm', 5, { priority: 40, dualSend: true }),
  marketing: businessType('marketing', 3600, { priority: 10, quietHours: { start: 22, end: 8, apply: true } }),
};

type StateSpec =
  | 'up'
  | 'gateway-down'
  | {
      readonly up?: boolean;
      readonly queued?: number;
      readonly tps?: number;
      readonly ageMs?: number;
      readonly released?: boolean;
    };

function state(spec: StateSpec): ChannelLiveState {
  const s = spec === 'up' ? {} : spec === 'gateway-down' ? { up: false } : spec;
  return {
    up: s.up ?? true,
    binds: 1,
    inFlight: 0,
    window: 16,
    allowedTps: s.tps ?? 100,
    rate: 0,
    queued: s.queued ?? 0,
    waiting: 0,
    errorRate: 0,
    deliveredRate: 1,
    released: s.released ?? false,
    updatedAt: NOW - (s.ageMs ?? 0),
  };
}

function picker(states: Record<string, StateSpec>): ChannelPicker {
  return new ChannelPicker(
    (id) => TABLE.channel(id),
    new Map(Object.entries(states).map(([name, spec]) => [ID[name]!, state(spec)])),
    NOW,
  );
}

function message(carrier: string | null, extra: Partial<DecisionMessage> = {}): DecisionMessage {
  return {
    businessTypeId: 1n,
    carrierCode: carrier,
    recipient: carrier === 'CUCC' ? '13012345678' : '13812345678',
    orgPath: [1n],
    attempts: 0,
    channelId: null,
    failedChannelIds: [],
    ...extra,
  };
}

/** What became of it, in a word a table can hold. */
function outcome(decision: Decision): string {
  switch (decision.kind) {
    case 'assign':
      return decision.second === undefined
        ? NAME(decision.channelId)
        : `${NAME(decision.channelId)}+${NAME(decision.second)}`;
    case 'wait':
      return decision.for === undefined ? 'wait' : `wait for ${NAME(decision.for)}`;
    case 'hold':
      return 'hold';
    case 'fail':
      return `fail ${decision.code}`;
  }
}

// The carrier worker died 8 s ago: its channels stopped publishing while up (stale, not failed).
const OWNER_GONE = { ageMs: 8_000 } as const;
const MODEMS_BUSY = { tps: 2, queued: 3_000 } as const;

describe('decide: one message', () => {
  const rows: {
    name: string;
    type: keyof typeof TYPES;
    carrier?: string | null;
    states: Record<string, StateSpec>;
    extra?: Partial<DecisionMessage>;
    avoidCurrent?: boolean;
    now?: Date;
    expected: string;
  }[] = [
    {
      name: 'the own channel with the most free capacity',
      type: 'notification',
      states: { 'cmcc-a': { queued: 50 }, 'cmcc-b': 'up', cross: 'up', modems: 'up' },
      expected: 'cmcc-b',
    },
    {
      name: "cross-carrier when the carrier's own gateways failed",
      type: 'notification',
      states: { 'cmcc-a': 'gateway-down', 'cmcc-b': 'gateway-down', cross: 'up', modems: 'up' },
      expected: 'cross',
    },
    {
      name: 'the modem pool when cross-carrier failed too',
      type: 'notification',
      states: { 'cmcc-a': 'gateway-down', 'cmcc-b': 'gateway-down', cross: 'gateway-down', modems: 'up' },
      expected: 'modems',
    },
    {
      name: 'the modem pool, however slow, when every gateway failed (nothing is coming back)',
      type: 'notification',
      states: { 'cmcc-a': 'gateway-down', 'cmcc-b': 'gateway-down', cross: 'gateway-down', modems: MODEMS_BUSY },
      expected: 'modems',
    },
    {
      name: 'waits when nothing is usable',
      type: 'notification',
      states: {},
      expected: 'wait',
    },
    {
      name: 'fails a message whose carrier is unknown',
      type: 'notification',
      carrier: null,
      states: { 'cmcc-a': 'up' },
      expected: 'fail UNKNOWN_CARRIER',
    },
    {
      name: 'holds marketing in quiet hours (22:30 in Beijing)',
      type: 'marketing',
      states: { 'cmcc-a': 'up' },
      now: new Date('2026-11-21T14:30:00Z'),
      expected: 'hold',
    },
    {
      name: 'a verification code leaves a carrier whose queue is longer than it may wait (30 s > 10 s)',
      type: 'verification',
      states: { 'cmcc-a': { queued: 3_000 }, 'cmcc-b': 'gateway-down', cross: 'up' },
      expected: 'cross',
    },
    {
      name: 'a notification stays with its carrier on the same queue (30 s < 300 s)',
      type: 'notification',
      states: { 'cmcc-a': { queued: 3_000 }, 'cmcc-b': 'gateway-down', cross: 'up' },
      expected: 'cmcc-a',
    },
    {
      name: 'overflow avoids the channel it waited on',
      type: 'notification',
      states: { 'cmcc-a': 'up', 'cmcc-b': 'gateway-down', cross: 'up' },
      extra: { channelId: BigInt(ID['cmcc-b']!) },
      avoidCurrent: true,
      expected: 'cmcc-a',
    },
    {
      name: 'a retry avoids the channel that just failed',
      type: 'notification',
      states: { 'cmcc-a': { queued: 80 }, 'cmcc-b': 'up' },
      extra: { attempts: 1, channelId: BigInt(ID['cmcc-b']!) },
      expected: 'cmcc-a',
    },
    {
      name: 'an alarm goes out on two gateways at once',
      type: 'alarm',
      states: { 'cmcc-a': 'up', 'cmcc-b': { queued: 10 } },
      expected: 'cmcc-a+cmcc-b',
    },
    // Back soon: the owner went away, the gateway did not fail.
    {
      name: 'a notification waits for its own channel whose worker died rather than go to the modems',
      type: 'notification',
      states: { 'cmcc-a': OWNER_GONE, 'cmcc-b': OWNER_GONE, cross: OWNER_GONE, modems: 'up' },
      expected: 'wait for cmcc-a',
    },
    {
      name: 'likewise for a channel its owner released (shutdown or hand-over)',
      type: 'notification',
      states: { 'cmcc-a': { up: false, released: true, ageMs: 1_000 }, 'cmcc-b': 'gateway-down', modems: 'up' },
      expected: 'wait for cmcc-a',
    },
    {
      name: 'a verification code, which may not wait that long, takes an idle modem',
      type: 'verification',
      states: { 'cmcc-a': OWNER_GONE, 'cmcc-b': OWNER_GONE, cross: OWNER_GONE, modems: 'up' },
      expected: 'modems',
    },
    {
      name: 'but not a modem pool whose queue is far longer than the outage',
      type: 'verification',
      states: { 'cmcc-a': OWNER_GONE, 'cmcc-b': OWNER_GONE, cross: OWNER_GONE, modems: MODEMS_BUSY },
      expected: 'wait for cmcc-a',
    },
    {
      name: 'a usable cross-carrier channel still beats a back-soon one for a verification code',
      type: 'verification',
      states: { 'cmcc-a': OWNER_GONE, 'cmcc-b': OWNER_GONE, cross: 'up', modems: 'up' },
      expected: 'cross',
    },
    {
      name: 'an owner gone longer than the back-soon window is just down: the modems',
      type: 'notification',
      states: {
        'cmcc-a': { ageMs: 40_000 },
        'cmcc-b': { ageMs: 40_000 },
        cross: { ageMs: 40_000 },
        modems: MODEMS_BUSY,
      },
      expected: 'modems',
    },
    {
      name: 'a channel taken down by a gateway failure is never back soon',
      type: 'verification',
      states: { 'cmcc-a': 'gateway-down', 'cmcc-b': 'gateway-down', cross: 'gateway-down', modems: MODEMS_BUSY },
      expected: 'modems',
    },
  ];

  it.each(rows)('$name', (row) => {
    const carrier = row.carrier === undefined ? 'CMCC' : row.carrier;
    const decision = decide(message(carrier, row.extra), TYPES[row.type], TABLE, picker(row.states), {
      now: row.now ?? new Date(NOW),
      avoidCurrent: row.avoidCurrent ?? false,
    });
    expect(outcome(decision)).toBe(row.expected);
  });
});

describe('decide: a stream of messages during an outage', () => {
  it("sends the modems only what they take before the carrier's channels are expected back", () => {
    // The carrier worker (owner of cmcc-a, cmcc-b and cross) died 8 s ago; the modems (2 msg/s)
    // are idle. cmcc-a counts as back within 22 s (the 30 s back-soon window, less 8 s).
    const p = picker({ 'cmcc-a': OWNER_GONE, 'cmcc-b': OWNER_GONE, cross: OWNER_GONE, modems: { tps: 2 } });
    const outcomes = Array.from({ length: 3_000 }, () =>
      outcome(decide(message('CMCC'), TYPES.verification, TABLE, p, { now: new Date(NOW) })),
    );
    const toModems = outcomes.filter((o) => o === 'modems').length;
    // Within the 10 s a code may wait (21), then while the modems are no later than 22 s
    // (24 more); every later one waits for cmcc-a instead of queueing behind them.
    expect(toModems).toBe(45);
    expect(outcomes.slice(toModems).every((o) => o === 'wait for cmcc-a')).toBe(true);
    // Notifications (5 minutes) send none there: cmcc-a is expected back well within that.
    const notices = Array.from({ length: 3_000 }, () =>
      outcome(decide(message('CMCC'), TYPES.notification, TABLE, p, { now: new Date(NOW) })),
    );
    expect(notices.filter((o) => o === 'modems')).toHaveLength(0);
  });
});

describe('decideReturns: back from a slow channel', () => {
  const queued = [
    { id: 1n, carrierCode: 'CMCC' },
    { id: 2n, carrierCode: 'CUCC' },
    { id: 3n, carrierCode: 'CMCC' },
    { id: 4n, carrierCode: null },
  ];
  const rows: { name: string; from: string; states: Record<string, StateSpec>; expected: bigint[] }[] = [
    {
      name: "moves the messages whose own carrier's channel is usable again and faster",
      from: 'modems',
      states: { 'cmcc-a': 'up', 'cucc-a': OWNER_GONE, modems: { tps: 2, queued: 400 } },
      expected: [1n, 3n],
    },
    {
      name: 'moves nothing while the own channels are slower than the modems',
      from: 'modems',
      states: { 'cmcc-a': { queued: 100_000 }, 'cucc-a': { queued: 100_000 }, modems: { tps: 2, queued: 40 } },
      expected: [],
    },
    {
      name: 'moves nothing off a fast cross-carrier channel (routing again would cost more)',
      from: 'cross',
      states: { 'cmcc-a': 'up', 'cucc-a': 'up', cross: { queued: 0 } },
      expected: [],
    },
    {
      name: 'moves from a cross-carrier channel that is slow',
      from: 'cross',
      states: { 'cmcc-a': 'up', 'cucc-a': 'up', cross: { queued: 1_000, tps: 10 } },
      expected: [1n, 2n, 3n],
    },
    {
      name: 'moves everything it can off a slow channel that lost its owner',
      from: 'modems',
      states: { 'cmcc-a': 'up', modems: { ageMs: 60_000 } },
      expected: [1n, 3n],
    },
    {
      name: "never moves off a carrier's own channel",
      from: 'cmcc-a',
      states: { 'cmcc-a': { queued: 100_000 }, 'cmcc-b': 'up' },
      expected: [],
    },
  ];

  it.each(rows)('$name', ({ from, states, expected }) => {
    expect(decideReturns(ID[from]!, queued, TABLE, picker(states))).toEqual(expected);
  });

  it('moves no more than the recovering channel takes sooner', () => {
    // cmcc-a takes 100/s; the modems hold 1,000 at 2/s (500 s): all can move. With cmcc-a
    // already 400 s behind, only those it takes before the modems would (~100 s × 100/s) do.
    const many = Array.from({ length: 20_000 }, (_, i) => ({ id: BigInt(i + 1), carrierCode: 'CMCC' }));
    const moved = decideReturns(
      ID.modems!,
      many,
      TABLE,
      picker({ 'cmcc-a': { queued: 40_000 }, modems: { tps: 2, queued: 1_000 } }),
    );
    expect(moved.length).toBe(9_900);
  });
});
