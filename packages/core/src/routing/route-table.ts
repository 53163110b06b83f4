import type { Carrier } from '@smshub/sms';
import type { ChannelInfo } from './channel.js';

export interface RouteRule {
  readonly id: string;
  readonly carrier: Carrier;
  /** null = any business type / any org / any number. */
  readonly businessTypeId: string | null;
  readonly orgId: string | null;
  readonly prefix: string | null;
  readonly priority: number;
  readonly channels: readonly { readonly channelId: string; readonly tier: number }[];
}

export interface RouteQuery {
  readonly carrier: Carrier;
  readonly businessTypeId: string;
  /** The sending org's path, root first, the org itself last. */
  readonly orgPath: readonly string[];
  readonly recipient: string;
}

/**
 * The routes as loaded from the database, indexed by carrier. For a message the most specific
 * matching route wins: an org-specific route over a general one (a deeper org over its parent),
 * then a business-type route, then the longest matching prefix; among equals, higher priority.
 * Routes of an org apply to everything below it.
 */
export class RouteTable {
  private readonly byCarrier = new Map<Carrier, RouteRule[]>();
  private readonly channels = new Map<string, ChannelInfo>();

  constructor(routes: readonly RouteRule[], channels: readonly ChannelInfo[]) {
    for (const channel of channels) this.channels.set(channel.id, channel);
    for (const route of routes) {
      const list = this.byCarrier.get(route.carrier) ?? [];
      list.push(route);
      this.byCarrier.set(route.carrier, list);
    }
  }

  channel(id: string): ChannelInfo | undefined {
    return this.channels.get(id);
  }

  allChannels(): Iterable<ChannelInfo> {
    return this.channels.values();
  }

  /** The winning route, or null when none matches. */
  route(query: RouteQuery): RouteRule | null {
    const candidates = this.byCarrier.get(query.carrier);
    if (candidates === undefined) return null;
    let best: RouteRule | null = null;
    let bestScore: readonly number[] = [];
    for (const route of candidates) {
      const score = this.score(route, query);
      if (score !== null && (best === null || compareScores(score, bestScore) > 0)) {
        best = route;
        bestScore = score;
      }
    }
    return best;
  }

  /**
   * Channel groups for the message, tier by tier, enabled channels only. Empty when no route
   * matches or every channel of the route is disabled.
   */
  tiers(query: RouteQuery): string[][] {
    const route = this.route(query);
    if (route === null) return [];
    const tiers = new Map<number, string[]>();
    for (const { channelId, tier } of route.channels) {
      if (this.channels.get(channelId)?.enabled !== true) continue;
      const list = tiers.get(tier) ?? [];
      list.push(channelId);
      tiers.set(tier, list);
    }
    return [...tiers.entries()].sort((a, b) => a[0] - b[0]).map(([, ids]) => ids);
  }

  /** Enabled cross-carrier channels whose contract reaches `carrier`'s numbers. */
  crossCarrier(carrier: Carrier): string[] {
    const ids: string[] = [];
    for (const channel of this.channels.values()) {
      if (channel.enabled && channel.role === 'cross_carrier' && channel.carriers.includes(carrier))
        ids.push(channel.id);
    }
    return ids;
  }

  /** Enabled backup channels (the modem pool): any carrier. */
  backup(): string[] {
    const ids: string[] = [];
    for (const channel of this.channels.values())
      if (channel.enabled && channel.role === 'backup') ids.push(channel.id);
    return ids;
  }

  private score(route: RouteRule, query: RouteQuery): number[] | null {
    let orgDepth = 0;
    if (route.orgId !== null) {
      const depth = query.orgPath.indexOf(route.orgId);
      if (depth < 0) return null;
      orgDepth = depth + 1;
    }
    if (route.businessTypeId !== null && route.businessTypeId !== query.businessTypeId) return null;
    if (route.prefix !== null && !query.recipient.startsWith(route.prefix)) return null;
    return [orgDepth, route.businessTypeId === null ? 0 : 1, route.prefix?.length ?? 0, route.priority];
  }
}

function compareScores(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const diff = (a[i] ?? 0) - (b[i] ?? 0);
    if (diff !== 0) return diff;
  }
  return 0;
}
