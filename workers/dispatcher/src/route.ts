import { ChannelPicker, type RouteTable } from '@smshub/core';
import {
  afterFinal,
  assignChannels,
  type Catalog,
  type CatalogCache,
  type DispatchCandidate,
  createTwins,
  failMessages,
  holdUntil,
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
import type pg from 'pg';
import type { Logger } from 'pino';
import { decide, routeTableOf } from './decide.js';

const JOB_SIZE = 500;

export interface RouterContext {
  readonly pool: pg.Pool;
  readonly queue: QueueContext;
  readonly dispatch: Queue<DispatchJob>;
  readonly keys: RedisKeys;
  readonly catalog: CatalogCache;
  readonly log: Logger;
  /** Told when a carrier has no usable channel of its own (or a cross-carrier one), and when it has again. */
  readonly alarms?: (alarm: CarrierAlarm) => Promise<void>;
  readonly now?: () => Date;
}

export interface CarrierAlarm {
  readonly kind: 'carrier_unreachable' | 'carrier_reachable';
  readonly carrier: string;
  readonly reason: string;
}

export interface RouterCounters {
  routed: number;
  waiting: number;
  failed: number;
  held: number;
  dualSent: number;
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
  readonly counters: RouterCounters = {
    routed: 0,
    waiting: 0,
    failed: 0,
    held: 0,
    dualSent: 0,
    crossCarrier: 0,
    backup: 0,
  };
  private table: RouteTable | null = null;
  private tableOf: Catalog | null = null;
  private readonly channelQueues = new Map<string, Queue<ChannelJob>>();

  constructor(private readonly context: RouterContext) {}

  async close(): Promise<void> {
    await Promise.all([...this.channelQueues.values()].map((queue) => queue.close()));
  }

  /**
   * One dispatch job. `reason` 'overflow': these messages waited past their type's longest
   * queueing time on a congested channel, so another channel is preferred if one can take them;
   * 'return': the return sweep took them off a slow channel because their own carrier's channels
   * are faster again, so that slow channel is avoided too.
   */
  async route(ids: readonly bigint[], reason: DispatchJob['reason'] = 'intake'): Promise<void> {
    const { pool, catalog: cache } = this.context;
    const candidates = await loadForDispatch(pool, ids);
    if (candidates.length === 0) return;
    const catalog = cache.catalog;
    const table = this.routeTable(catalog);
    const channelIds = catalog.channels.filter((c) => c.enabled).map((c) => String(c.id));
    const states = await readChannelStates(this.context.queue.connection, this.context.keys, channelIds);
    // Live state is judged by the real clock; `now` (injectable) decides quiet hours.
    const now = this.context.now?.() ?? new Date();
    const picker = new ChannelPicker((id) => table.channel(id), states, Date.now());

    const assignments: { id: bigint; channelId: bigint; priority: number }[] = [];
    const seconds = new Map<bigint, { channelId: bigint; priority: number }>();
    const waiting: { message: DispatchCandidate; for?: string }[] = [];
    const holds: { id: bigint; until: Date; detail: string }[] = [];
    const failures: MessageFailure[] = [];
    const reachable = new Map<string, boolean>();
    for (const message of candidates) {
      const decision = decide(message, catalog.businessTypes.get(message.businessTypeId), table, picker, {
        now,
        avoidCurrent: reason === 'overflow' || reason === 'return',
      });
      const carrier = message.carrierCode;
      if (decision.kind === 'assign') {
        assignments.push({ id: message.id, channelId: BigInt(decision.channelId), priority: decision.priority });
        if (decision.second !== undefined)
          seconds.set(message.id, { channelId: BigInt(decision.second), priority: decision.priority });
        if (decision.via === 'cross') this.counters.crossCarrier++;
        if (decision.via === 'backup') this.counters.backup++;
        if (carrier !== null) reachable.set(carrier, (reachable.get(carrier) ?? false) || decision.via !== 'backup');
      } else if (decision.kind === 'wait') {
        waiting.push(decision.for === undefined ? { message } : { message, for: decision.for });
        if (carrier !== null) reachable.set(carrier, reachable.get(carrier) ?? false);
      } else if (decision.kind === 'hold') {
        holds.push({ id: message.id, until: decision.until, detail: decision.detail });
      } else {
        failures.push({ id: message.id, status: 'failed', errorCode: decision.code, detail: decision.detail });
      }
    }

    const moved = new Set(await assignChannels(pool, assignments));
    const twins = await createTwins(
      pool,
      [...seconds]
        .filter(([id]) => moved.has(id))
        .map(([originalId, second]) => ({ originalId, channelId: second.channelId })),
    );
    await this.enqueue([
      ...assignments.filter((a) => moved.has(a.id)),
      ...twins.map((t) => ({ id: t.id, channelId: t.channelId, priority: seconds.get(t.originalId)?.priority ?? 0 })),
    ]);
    this.counters.dualSent += twins.length;
    await holdUntil(pool, holds);
    if (failures.length > 0) {
      await inTransaction(pool, async (client) => afterFinal(client, await failMessages(client, failures)));
    }
    if (waiting.length > 0) await this.wait(waiting, table);
    this.counters.routed += moved.size;
    this.counters.failed += failures.length;
    this.counters.waiting += waiting.length;
    this.counters.held += holds.length;
    await this.watchCarriers(reachable);
  }

  /**
   * Tells the operators once when a carrier's messages find no usable channel of its own or a
   * cross-carrier one (they wait, or go to the modems), and once when they do again. The mark
   * in Redis makes that once across every dispatcher.
   */
  private async watchCarriers(reachable: ReadonlyMap<string, boolean>): Promise<void> {
    const { alarms, queue, keys, log } = this.context;
    if (alarms === undefined) return;
    for (const [carrier, ok] of reachable) {
      const key = keys.carrierAlarm(carrier);
      try {
        if (!ok && (await queue.connection.set(key, String(Date.now()), 'NX')) === 'OK') {
          await alarms({
            kind: 'carrier_unreachable',
            carrier,
            reason: `no usable ${carrier} or cross-carrier channel: messages wait or go to the modem pool`,
          });
        } else if (ok && (await queue.connection.del(key)) === 1) {
          await alarms({
            kind: 'carrier_reachable',
            carrier,
            reason: `${carrier} messages have a usable channel again`,
          });
        }
      } catch (error) {
        log.error({ err: error, carrier }, 'could not raise the carrier alarm');
      }
    }
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
        jobs.push({
          name: 'submit',
          data: { ids: group.ids.slice(i, i + JOB_SIZE) },
          opts: { priority: jobPriority(group.priority) },
        });
      }
      await addQueued(this.context.queue.connection, this.context.keys, group.channelId, group.ids.length);
      await queue.addBulk(jobs);
    }
  }

  /** No channel can take these now: note why and look again shortly. */
  private async wait(
    waiting: readonly { message: DispatchCandidate; for?: string }[],
    table: RouteTable,
  ): Promise<void> {
    const byDetail = new Map<string, bigint[]>();
    for (const w of waiting) {
      const name = w.for === undefined ? undefined : (table.channel(w.for)?.name ?? w.for);
      const detail =
        name === undefined
          ? 'waiting for a usable channel'
          : `waiting for ${name}, which lost its worker and is expected back soon`;
      const ids = byDetail.get(detail) ?? [];
      ids.push(w.message.id);
      byDetail.set(detail, ids);
    }
    for (const [detail, ids] of byDetail) await noteWaiting(this.context.pool, ids, detail);
    const messages = waiting.map((w) => w.message);
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
    this.table = routeTableOf(catalog);
    this.tableOf = catalog;
    return this.table;
  }
}
