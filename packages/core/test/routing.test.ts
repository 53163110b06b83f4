import { describe, expect, it } from 'vitest';
import { type ChannelInfo, type ChannelLiveState, ChannelPicker, RouteTable, type RouteRule } from '../src/index.js';

function channel(id: string, extra: Partial<ChannelInfo> = {}): ChannelInfo {
  return {
    id,
    name: `ch${id}`,
    protocol: 'smpp',
    carriers: ['CMCC'],
    role: 'primary',
    weight: 100,
    cost: 30,
    tps: 100,
    windowSize: 16,
    maxBinds: 1,
    enabled: true,
    ...extra,
  };
}

function state(extra: Partial<ChannelLiveState> = {}): ChannelLiveState {
  return {
    up: true,
    binds: 1,
    inFlight: 0,
    window: 16,
    allowedTps: 100,
    rate: 0,
    queued: 0,
    waiting: 0,
    errorRate: 0,
    deliveredRate: 1,
    updatedAt: 1_000,
    ...extra,
  };
}

const route = (id: string, extra: Partial<RouteRule>): RouteRule => ({
  id,
  carrier: 'CMCC',
  businessTypeId: null,
  orgId: null,
  prefix: null,
  priority: 0,
  channels: [{ channelId: '1', tier: 0 }],
  ...extra,
});

describe('RouteTable', () => {
  const table = new RouteTable(
    [
      route('general', {
        channels: [
          { channelId: '1', tier: 0 },
          { channelId: '2', tier: 0 },
          { channelId: '3', tier: 1 },
        ],
      }),
      route('marketing', { businessTypeId: 'bt-mkt', channels: [{ channelId: '4', tier: 0 }] }),
      route('prefix', { prefix: '1380', channels: [{ channelId: '5', tier: 0 }] }),
      route('province', { orgId: 'prov', channels: [{ channelId: '6', tier: 0 }] }),
      route('county', { orgId: 'county', channels: [{ channelId: '7', tier: 0 }] }),
      route('high', { prefix: '1390', priority: 5, channels: [{ channelId: '8', tier: 0 }] }),
      route('low', { prefix: '1390', priority: 1, channels: [{ channelId: '9', tier: 0 }] }),
      route('cucc', { carrier: 'CUCC', channels: [{ channelId: '10', tier: 0 }] }),
    ],
    ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'].map((id) => channel(id, id === '2' ? { enabled: false } : {})),
  );
  const q = (extra: Partial<Parameters<RouteTable['route']>[0]>) => ({
    carrier: 'CMCC' as const,
    businessTypeId: 'bt-notify',
    orgPath: ['platform', 'ent'],
    recipient: '13512345678',
    ...extra,
  });

  it.each([
    ['general route for an ordinary message', q({}), 'general'],
    ['business-type route beats the general one', q({ businessTypeId: 'bt-mkt' }), 'marketing'],
    ['prefix route beats the general one', q({ recipient: '13801234567' }), 'prefix'],
    ['org route applies to orgs below it', q({ orgPath: ['platform', 'prov', 'city'] }), 'province'],
    ['deeper org route beats its parent', q({ orgPath: ['platform', 'prov', 'city', 'county'] }), 'county'],
    [
      'org route beats a business-type route',
      q({ orgPath: ['platform', 'prov'], businessTypeId: 'bt-mkt' }),
      'province',
    ],
    ['priority breaks a tie', q({ recipient: '13901234567' }), 'high'],
    ['another carrier has its own routes', q({ carrier: 'CUCC' }), 'cucc'],
  ])('%s', (_name, query, expected) => {
    expect(table.route(query)?.id).toBe(expected);
  });

  it('returns tiers in order without disabled channels', () => {
    expect(table.tiers(q({}))).toEqual([['1'], ['3']]);
  });

  it('has no route for a carrier nobody serves', () => {
    expect(table.route(q({ carrier: 'CBN' }))).toBeNull();
    expect(table.tiers(q({ carrier: 'CBN' }))).toEqual([]);
  });

  it('finds cross-carrier and backup channels', () => {
    const t = new RouteTable(
      [],
      [
        channel('x', { role: 'cross_carrier', carriers: ['CMCC', 'CUCC'] }),
        channel('y', { role: 'cross_carrier', carriers: ['CTCC'] }),
        channel('m', { role: 'backup', protocol: 'modem', carriers: [] }),
        channel('off', { role: 'backup', enabled: false }),
      ],
    );
    expect(t.crossCarrier('CUCC')).toEqual(['x']);
    expect(t.backup()).toEqual(['m']);
  });
});

describe('ChannelPicker', () => {
  const infos = new Map(['a', 'b', 'c'].map((id) => [id, channel(id, id === 'c' ? { weight: 200 } : {})]));
  const lookup = (id: string) => infos.get(id);

  it('picks the channel with the most free capacity', () => {
    const states = new Map([
      ['a', state({ queued: 50 })],
      ['b', state({ queued: 10 })],
    ]);
    expect(new ChannelPicker(lookup, states, 1_000).pick(['a', 'b'])).toEqual({ channelId: 'b', idle: true });
  });

  it('skips down, unbound and stale channels', () => {
    const states = new Map([
      ['a', state({ up: false })],
      ['b', state({ binds: 0 })],
      ['c', state({ updatedAt: 0 })],
    ]);
    expect(new ChannelPicker(lookup, states, 10_000).pick(['a', 'b', 'c'])).toBeNull();
  });

  it('breaks ties by weight', () => {
    const states = new Map([
      ['a', state()],
      ['c', state()],
    ]);
    expect(new ChannelPicker(lookup, states, 1_000).pick(['a', 'c'])?.channelId).toBe('c');
  });

  it('spreads a batch by counting its own assignments', () => {
    const states = new Map([
      ['a', state({ allowedTps: 100 })],
      ['b', state({ allowedTps: 50 })],
    ]);
    const picker = new ChannelPicker(lookup, states, 1_000);
    const counts: Record<string, number> = { a: 0, b: 0 };
    for (let i = 0; i < 150; i++) counts[picker.pick(['a', 'b'])!.channelId]!++;
    expect(counts).toEqual({ a: 100, b: 50 });
  });

  it('reports a busy channel as not idle but still usable', () => {
    const states = new Map([['a', state({ inFlight: 16, window: 16, queued: 500 })]]);
    expect(new ChannelPicker(lookup, states, 1_000).pick(['a'])).toEqual({ channelId: 'a', idle: false });
  });

  it('falls through tiers only when a tier has nothing usable', () => {
    const states = new Map([
      ['a', state({ up: false })],
      ['b', state({ queued: 1_000 })],
      ['c', state()],
    ]);
    const picker = new ChannelPicker(lookup, states, 1_000);
    expect(picker.pickFromTiers([['a', 'b'], ['c']])?.channelId).toBe('b');
    expect(picker.pickFromTiers([['a'], ['c']])?.channelId).toBe('c');
  });
});
