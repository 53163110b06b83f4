import { type ChannelInfo, ChannelPicker, type ChannelRole, RouteTable } from '@smshub/core';
import {
  afterFinal,
  assignChannels,
  type Catalog,
  type CatalogCache,
  type DispatchCandidate,
  failMessages,
  inTransaction,
  loadForDispatch,
  type MessageFailure,
  noteWaiting,
} from '@smshub/db';
import {
  addQueued,
  channelQueueName,
  type ChannelJob,
  type DispatchJob,
  jobPriority,
  openQueue,
  type Queue,
  type QueueContext,
  readChannelStates,
  type RedisKeys,
} from '@smshub/queue';
import type { Carrier } from '@smshub/sms';
import type pg from 'pg';
import type { Logger } from 'pino';

const JOB_SIZE = 500;

export interface RouterContext {
  readonly pool: pg.Pool;
  readonly queue: QueueContext;
  readonly dispatch: Queue<DispatchJob>;
  readonly keys: RedisKeys;
  readonly catalog: CatalogCache;
  readonly log: Logger;
}

export interface RouterCounters {
  routed: number;
  waiting: number;
  failed: number;
  crossCarrier: number;
  backup: number;
}

/**
 * Routes batches of accepted messages to channels: the recipient's carrier (stored at intake)
 * and the most specific route give channel tiers; among the usable channels of the first tier
 * that has any, the one with the most free capacity wins; when the carrier has no usable channel,
 * a cross-carrier channel, then the backup modem pool. Messages no channel can take now wait
 * (a delayed job) rather than fail; messages with no route at all fail.
 */
export class Router {
  readonly counters: RouterCounters = { routed: 0, waiting: 0, failed: 0, crossCarrier: 0, backup: 0 };
  private table: RouteTable | null = null;
  private tableOf: Catalog | null = null;
  private readonly channelQueues = new Map<string, Queue<ChannelJob>>();

  constructor(private readonly context: RouterContext) {}

  async close(): Promise<void> {
    await Promise.all([...this.channelQueues.values()].map((queue) => queue.close()));
  }

  /** One dispatch job. */
  async route(ids: readonly bigint[]): Promise<void> {
    const { pool, catalog: cache } = this.context;
    const candidates = await loadForDispatch(pool, ids);
    if (candidates.length === 0) return;
    const catalog = cache.catalog;
    const table = this.routeTable(catalog);
    const channelIds = catalog.channels.filter((c) => c.enabled).map((c) => String(c.id));
    const states = await readChannelStates(this.context.queue.connection, this.context.keys, channelIds);
    const picker = new ChannelPicker((id) => table.channel(id), states, Date.now());

    const assignments: { id: bigint; channelId: bigint; priority: number }[] = [];
    const waiting: DispatchCandidate[] = [];
    const failures: MessageFailure[] = [];
    for (const message of candidates) {
      const decision = this.decide(message, catalog, table, picker);
      if (decision.kind === 'assign') assignments.push({ id: message.id, channelId: BigInt(decision.channelId), priority: decision.priority });
      else if (decision.kind === 'wait') waiting.push(message);
      else failures.push({ id: message.id, status: 'failed', errorCode: decision.code, detail: decision.detail });
    }

    const moved = new Set(await assignChannels(pool, assignments));
    await this.enqueue(assignments.filter((a) => moved.has(a.id)));
    if (failures.length > 0) {
      await inTransaction(pool, async (client) => afterFinal(client, await failMessages(client, failures)));
    }
    if (waiting.length > 0) await this.wait(waiting);
    this.counters.routed += moved.size;
    this.counters.failed += failures.length;
    this.counters.waiting += waiting.length;
  }

  private decide(
    message: DispatchCandidate,
    catalog: Catalog,
    table: RouteTable,
    picker: ChannelPicker,
  ): { kind: 'assign'; channelId: string; priority: number } | { kind: 'wait' } | { kind: 'fail'; code: string; detail: string } {
    const businessType = catalog.businessTypes.get(message.businessTypeId);
    const priority = businessType?.priority ?? 0;
    if (message.carrierCode === null) return { kind: 'fail', code: 'UNKNOWN_CARRIER', detail: 'no carrier is known for the recipient' };
    const carrier = message.carrierCode as Carrier;
    let tiers = table.tiers({
      carrier,
      businessTypeId: String(message.businessTypeId),
      orgPath: message.orgPath.map(String),
      recipient: message.recipient,
    });
    // A retry of a type that wants another channel avoids the one that just failed, if it can.
    if (message.attempts > 0 && message.channelId !== null && businessType?.retryChangeChannel !== false) {
      const previous = String(message.channelId);
      const others = tiers.map((tier) => tier.filter((id) => id !== previous));
      if (others.some((tier) => tier.some((id) => picker.usable(id)))) tiers = others;
    }
    const own = picker.pickFromTiers(tiers);
    if (own !== null) return { kind: 'assign', channelId: own.channelId, priority };
    const cross = picker.pick(table.crossCarrier(carrier).filter((id) => !tiers.flat().includes(id)));
    if (cross !== null) {
      this.counters.crossCarrier++;
      return { kind: 'assign', channelId: cross.channelId, priority };
    }
    const backup = picker.pick(table.backup());
    if (backup !== null) {
      this.counters.backup++;
      return { kind: 'assign', channelId: backup.channelId, priority };
    }
    const anyChannel = tiers.flat().length + table.crossCarrier(carrier).length + table.backup().length;
    if (anyChannel === 0) return { kind: 'fail', code: 'NO_ROUTE', detail: `no channel reaches ${carrier} numbers` };
    return { kind: 'wait' };
  }

  private async enqueue(assignments: readonly { id: bigint; channelId: bigint; priority: number }[]): Promise<void> {
    const groups = new Map<string, { channelId: string; priority: number; ids: string[] }>();
    for (const a of assignments) {
      const key = `${a.channelId}:${a.priority}`;
      const group = groups.get(key) ?? { channelId: String(a.channelId), priority: a.priority, ids: [] };
      group.ids.push(String(a.id));
      groups.set(key, group);
    }
    for (const group of groups.values()) {
      const queue = this.channelQueue(group.channelId);
      const jobs = [];
      for (let i = 0; i < group.ids.length; i += JOB_SIZE) {
        jobs.push({ name: 'submit', data: { ids: group.ids.slice(i, i + JOB_SIZE) }, opts: { priority: jobPriority(group.priority) } });
      }
      await addQueued(this.context.queue.connection, this.context.keys, group.channelId, group.ids.length);
      await queue.addBulk(jobs);
    }
  }

  /** No channel can take these now: note why and look again shortly. */
  private async wait(messages: readonly DispatchCandidate[]): Promise<void> {
    await noteWaiting(this.context.pool, messages.map((m) => m.id), 'waiting for a usable channel');
    for (let i = 0; i < messages.length; i += JOB_SIZE) {
      const ids = messages.slice(i, i + JOB_SIZE).map((m) => String(m.id));
      await this.context.dispatch.add('route', { ids, reason: 'retry' }, { delay: 1_000 });
    }
  }

  private channelQueue(channelId: string): Queue<ChannelJob> {
    let queue = this.channelQueues.get(channelId);
    if (queue === undefined) {
      queue = openQueue<ChannelJob>(this.context.queue, channelQueueName(channelId));
      this.channelQueues.set(channelId, queue);
    }
    return queue;
  }

  private routeTable(catalog: Catalog): RouteTable {
    if (this.table !== null && this.tableOf === catalog) return this.table;
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
    this.table = new RouteTable(
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
    this.tableOf = catalog;
    return this.table;
  }
}
