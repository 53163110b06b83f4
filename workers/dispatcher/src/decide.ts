import {
  avoidFailedChannels,
  type ChannelInfo,
  type ChannelPicker,
  type ChannelRole,
  quietUntil,
  RouteTable,
} from '@smshub/core';
import type { BusinessTypeInfo, Catalog, DispatchCandidate, MessageErrorCode } from '@smshub/db';
import { type Carrier, timeZoneOf } from '@smshub/sms';

/**
 * The dispatcher's decisions, pure: what to do with one message given the route table, the
 * channels' live state (a `ChannelPicker`) and the clock. No PostgreSQL, no Redis: the Router
 * loads, decides for a whole batch, then acts in batches; tests call these alone.
 */

export type Decision =
  | {
      readonly kind: 'assign';
      readonly channelId: string;
      readonly priority: number;
      readonly via: 'own' | 'cross' | 'backup';
      /** Dual send: a second gateway for a free copy. */
      readonly second?: string;
    }
  /** No channel takes it now; `for`: the back-soon channel it waits for, if that is why. */
  | { readonly kind: 'wait'; readonly for?: string }
  | { readonly kind: 'hold'; readonly until: Date; readonly detail: string }
  | { readonly kind: 'fail'; readonly code: MessageErrorCode; readonly detail: string };

/** What routing reads of a message. */
export type DecisionMessage = Pick<
  DispatchCandidate,
  'businessTypeId' | 'carrierCode' | 'recipient' | 'orgPath' | 'attempts' | 'channelId' | 'failedChannelIds'
>;

export interface DecisionOptions {
  /** Decides quiet hours. */
  readonly now: Date;
  /**
   * The message comes back from a channel it waited on too long (overflow), or from a slow
   * channel its own carrier's channels are faster than again (return): avoid that channel.
   */
  readonly avoidCurrent?: boolean;
}

/** Business types with no configuration wait this long at most. */
const DEFAULT_MAX_WAIT_SECONDS = 300;

/**
 * One message. The route's tiers, then cross-carrier channels, then the modem pool, in that order:
 *
 * 1. The first group whose best usable channel takes the message within its type's longest
 *    queueing time. A group whose channel is only back soon (its owner went away, see
 *    `ChannelPicker.backSoon`) but would take it within that time makes the message wait for it
 *    rather than go down the list: an owner's death must not send a carrier's traffic to a
 *    channel slower than the outage.
 * 2. Nobody in time: the first usable channel in the same order — unless a back-soon channel
 *    would take it sooner, then it waits for that one (the outage that sent 3,000 messages to a
 *    2 msg/s modem pool for 11 minutes, issue 9).
 * 3. Nothing usable: it waits; no channel at all: it fails.
 *
 * `picker` counts what this batch already assigned, so later messages see the backlog grow.
 */
export function decide(
  message: DecisionMessage,
  businessType: BusinessTypeInfo | undefined,
  table: RouteTable,
  picker: ChannelPicker,
  options: DecisionOptions,
): Decision {
  const priority = businessType?.priority ?? 0;
  if (message.carrierCode === null)
    return { kind: 'fail', code: 'UNKNOWN_CARRIER', detail: 'no carrier is known for the recipient' };
  const carrier = message.carrierCode as Carrier;
  if (businessType !== undefined) {
    const until = quietUntil(options.now, businessType.quietHours, timeZoneOf(message.recipient, carrier === 'INTL'));
    if (until !== null) return { kind: 'hold', until, detail: `held for quiet hours until ${until.toISOString()}` };
  }
  const tiers = table.tiers({
    carrier,
    businessTypeId: String(message.businessTypeId),
    orgPath: message.orgPath.map(String),
    recipient: message.recipient,
  });
  const inRoute = new Set(tiers.flat());
  const crossIds = table.crossCarrier(carrier).filter((id) => !inRoute.has(id));
  const backupIds = table.backup().filter((id) => !inRoute.has(id));
  let groups: (readonly string[])[] = [...tiers, crossIds, backupIds];
  if (groups.every((g) => g.length === 0))
    return { kind: 'fail', code: 'NO_ROUTE', detail: `no channel reaches ${carrier} numbers` };
  // Outcome failover: a carrier reported an earlier send undelivered for network trouble; the
  // groups are judged whole, before the retry rule below takes a channel out of one.
  if (message.failedChannelIds.length > 0) {
    groups = avoidFailedChannels(
      groups,
      new Set(message.failedChannelIds.map(String)),
      businessType?.outcomeFailoverChangeCarrier !== false,
      (id) => picker.usable(id),
    );
  }
  // A retry of a type that wants another channel avoids the one that just failed, if it can.
  if (message.attempts > 0 && message.channelId !== null && businessType?.retryChangeChannel !== false) {
    const previous = String(message.channelId);
    const others = groups.map((group) => group.filter((id) => id !== previous));
    if (others.some((group) => group.some((id) => picker.usable(id)))) groups = others;
  }
  const maxWait = businessType?.maxQueueWaitSeconds ?? DEFAULT_MAX_WAIT_SECONDS;
  const skip = options.avoidCurrent === true && message.channelId !== null ? String(message.channelId) : null;
  const candidates = groups.map((group) => (skip === null ? group : group.filter((id) => id !== skip)));

  let chosen: string | null = null;
  for (const group of candidates) {
    const best = picker.peek(group);
    if (best !== null && picker.expectedWaitSeconds(best) <= maxWait) {
      chosen = best;
      break;
    }
    const soon = picker.soonest(group);
    if (soon !== null && picker.expectedWaitSeconds(soon) <= maxWait) return { kind: 'wait', for: soon };
  }
  if (chosen === null) {
    for (const group of groups) {
      chosen = picker.peek(group);
      if (chosen !== null) break;
    }
    if (chosen === null) {
      const soon = picker.soonest(groups.flat());
      return soon === null ? { kind: 'wait' } : { kind: 'wait', for: soon };
    }
    const soon = picker.soonest(candidates.flat());
    if (soon !== null && picker.expectedWaitSeconds(soon) < picker.expectedWaitSeconds(chosen))
      return { kind: 'wait', for: soon };
  }

  const decision = assign(picker, table, chosen, priority);
  if (businessType?.dualSend !== true) return decision;
  // Urgent types also go out on a second gateway at once: the next usable channel, in order.
  for (const group of groups) {
    const second = picker.peek(group.filter((id) => id !== chosen));
    if (second !== null) {
      picker.assign(second);
      return { ...decision, second };
    }
  }
  return decision;
}

function assign(
  picker: ChannelPicker,
  table: RouteTable,
  channelId: string,
  priority: number,
): Extract<Decision, { kind: 'assign' }> {
  picker.assign(channelId);
  const role = table.channel(channelId)?.role;
  return {
    kind: 'assign',
    channelId,
    priority,
    via: role === 'backup' ? 'backup' : role === 'cross_carrier' ? 'cross' : 'own',
  };
}

/** What the return sweep reads of a message queued on a slow channel. */
export interface QueuedElsewhere {
  readonly id: bigint;
  readonly carrierCode: string | null;
}

/**
 * Of the messages queued (not yet taken by its worker) on a cross-carrier channel or the modem
 * pool, the ones to give back to the dispatcher because one of their carrier's own channels is
 * usable again and would take them sooner — by more than `marginSeconds`, what routing them
 * again costs. Each one moved counts against that channel, so a recovering channel is not
 * handed more than it takes sooner.
 */
export function decideReturns(
  slowChannelId: string,
  messages: readonly QueuedElsewhere[],
  table: RouteTable,
  picker: ChannelPicker,
  marginSeconds = 1,
): bigint[] {
  const slow = table.channel(slowChannelId);
  if (slow === undefined || slow.role === 'primary') return [];
  const slowWait = picker.usable(slowChannelId) ? picker.expectedWaitSeconds(slowChannelId) : Number.POSITIVE_INFINITY;
  const own = new Map<string, string[]>();
  for (const channel of table.allChannels()) {
    if (!channel.enabled || channel.role !== 'primary') continue;
    for (const carrier of channel.carriers) own.set(carrier, [...(own.get(carrier) ?? []), channel.id]);
  }
  const moved: bigint[] = [];
  for (const message of messages) {
    if (message.carrierCode === null) continue;
    const best = picker.peek(own.get(message.carrierCode) ?? []);
    if (best === null || picker.expectedWaitSeconds(best) + marginSeconds >= slowWait) continue;
    picker.assign(best);
    moved.push(message.id);
  }
  return moved;
}

/** The route table of a catalog (built once per catalog load). */
export function routeTableOf(catalog: Catalog): RouteTable {
  const channels: ChannelInfo[] = catalog.channels.map((c) => ({
    id: String(c.id),
    name: c.name,
    protocol: c.protocol,
    carriers: c.carriers as Carrier[],
    role: c.role as ChannelRole,
    weight: c.weight,
    cost: Number(c.costPerSegment),
    tps: c.tps,
    windowSize: c.windowSize,
    maxBinds: c.maxBinds,
    enabled: c.enabled,
  }));
  return new RouteTable(
    catalog.routes.map((r) => ({
      id: String(r.id),
      carrier: r.carrierCode as Carrier,
      businessTypeId: r.businessTypeId === null ? null : String(r.businessTypeId),
      orgId: r.orgId === null ? null : String(r.orgId),
      prefix: r.prefix,
      priority: r.priority,
      channels: r.channels.map((c) => ({ channelId: String(c.channelId), tier: c.tier })),
    })),
    channels,
  );
}
