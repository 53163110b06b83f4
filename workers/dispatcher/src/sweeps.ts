import { ChannelPicker, type RouteTable } from '@smshub/core';
import {
  afterFinal,
  analyzeStaleTables,
  type Catalog,
  type CatalogCache,
  expireOverdue,
  findStranded,
  inTransaction,
  matchReports,
  requeueFromChannel,
  settleFromSegments,
} from '@smshub/db';
import {
  type DispatchJob,
  Lease,
  type Queue,
  type QueueContext,
  readChannelStates,
  type RedisKeys,
} from '@smshub/queue';
import type pg from 'pg';
import type { Logger } from 'pino';
import { decideReturns, routeTableOf } from './decide.js';
import { freezeSweep } from './freeze.js';
import { lowBalanceSweep } from './low-balance.js';
import { nightlyReconciliation } from './reconcile.js';
import { chargeMonthlyFees } from './monthly-fees.js';

export interface SweepContext {
  readonly pool: pg.Pool;
  readonly queue: QueueContext;
  readonly dispatch: Queue<DispatchJob>;
  readonly keys: RedisKeys;
  readonly log: Logger;
  readonly instance: string;
  /** Channels and routes, for the return sweep (without it that sweep does nothing). */
  readonly catalog?: CatalogCache;
  /** The clock of the money sweeps (freeze, low balance, reconciliation); default the real one. */
  readonly now?: () => Date;
}

interface Sweep {
  readonly name: string;
  readonly everyMs: number;
  readonly run: () => Promise<number>;
}

/**
 * The periodic work that keeps PostgreSQL and the queues agreeing, run by one dispatcher at a
 * time (a short Redis lease per sweep): scheduled messages that fell due, messages whose
 * dispatch job was lost, messages waiting on a slow channel while their own carrier's are
 * faster again, reports that never matched on arrival, validity that ran out, and the hot
 * tables' planner statistics where the server's autovacuum does not keep them.
 */
export class Sweeps {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Set<string>();
  private table: { of: Catalog; table: RouteTable } | null = null;

  constructor(private readonly context: SweepContext) {}

  start(): void {
    for (const sweep of this.sweeps()) {
      const timer = setInterval(() => void this.runOnce(sweep), sweep.everyMs);
      timer.unref();
      this.timers.push(timer);
    }
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer);
    this.timers.length = 0;
  }

  /** Runs every sweep once now (tests, and the start of a process). */
  async runAll(): Promise<Record<string, number>> {
    const results: Record<string, number> = {};
    for (const sweep of this.sweeps()) results[sweep.name] = await this.runOnce(sweep, true);
    return results;
  }

  private sweeps(): Sweep[] {
    return [
      { name: 'due', everyMs: 1_000, run: () => this.due() },
      { name: 'stranded', everyMs: 30_000, run: () => this.stranded() },
      { name: 'return', everyMs: 2_000, run: () => this.returns() },
      { name: 'unmatched-reports', everyMs: 5_000, run: () => this.unmatched() },
      { name: 'expiry', everyMs: 5_000, run: () => this.expire() },
      // autovacuum's own pace (autovacuum_naptime): ANALYZE samples 30,000 rows whatever the table.
      { name: 'statistics', everyMs: 60_000, run: () => this.statistics() },
      { name: 'freeze', everyMs: 60_000, run: () => freezeSweep(this.context) },
      { name: 'low-balance', everyMs: 60_000, run: () => lowBalanceSweep(this.context) },
      { name: 'reconcile', everyMs: 300_000, run: () => nightlyReconciliation(this.context) },
      { name: 'monthly-fees', everyMs: 60_000, run: async () => (await chargeMonthlyFees(this.context.pool)).booked },
    ];
  }

  private async runOnce(sweep: Sweep, force = false): Promise<number> {
    if (this.running.has(sweep.name)) return 0;
    const { queue, keys, instance } = this.context;
    // One dispatcher per interval runs each sweep; the lease simply runs out.
    const lease = new Lease(queue.connection, keys.sweepLock(sweep.name), instance, Math.max(500, sweep.everyMs - 100));
    if (!force && !(await lease.acquire().catch(() => false))) return 0;
    this.running.add(sweep.name);
    try {
      const count = await sweep.run();
      if (count > 0) this.context.log.info({ sweep: sweep.name, count }, 'sweep');
      return count;
    } catch (error) {
      this.context.log.error({ err: error, sweep: sweep.name }, 'sweep failed');
      return 0;
    } finally {
      this.running.delete(sweep.name);
    }
  }

  /**
   * Scheduled messages (send_at in the future at intake) that fell due since the last run, however
   * long ago that was: a mark in Redis says how far the previous run got, so messages that fell
   * due while no dispatcher ran go out as soon as one starts, not when the dispatch queue is next
   * empty (the stranded sweep's condition). The minute of overlap covers transactions that
   * committed after the previous run looked; routing a message twice is harmless (the claim is
   * status-guarded). No mark (the first run ever, or Redis lost it): everything due.
   */
  private async due(): Promise<number> {
    const { pool, queue, keys } = this.context;
    const markKey = keys.sweepMark('due');
    const mark = await queue.connection.get(markKey);
    const since = mark === null || !Number.isFinite(Number(mark)) ? null : new Date(Number(mark) - 60_000);
    const limit = 10_000;
    const now = (await pool.query<{ now: Date }>(`SELECT now() AS now`)).rows[0]!.now;
    const result = await pool.query<{ id: bigint; send_at: Date }>(
      `SELECT id, send_at FROM messages
        WHERE status = 'accepted' AND send_at <= $1 AND ($2::timestamptz IS NULL OR send_at > $2)
          AND created_at < send_at - interval '1 second'
        ORDER BY send_at, id LIMIT $3`,
      [now, since, limit],
    );
    await this.enqueue(
      result.rows.map((r) => r.id),
      'scheduled',
      'due',
    );
    // A full page: the next run goes on from the last one taken (less the overlap), not from now.
    const reached = result.rows.length === limit ? result.rows[result.rows.length - 1]!.send_at : now;
    await queue.connection.set(markKey, String(reached.getTime()));
    return result.rows.length;
  }

  /**
   * 'accepted' messages due for more than a minute while the dispatch queue is empty: their job
   * was lost (Redis restarted, or the enqueue after commit failed). Route them again; a message
   * that is in fact still queued is harmless to route twice (the claim is status-guarded).
   */
  private async stranded(): Promise<number> {
    const counts = await this.context.dispatch.getJobCounts('waiting', 'active', 'delayed', 'prioritized', 'paused');
    if (Object.values(counts).some((n) => n > 0)) return 0;
    const ids = await findStranded(this.context.pool, 60_000, 20_000);
    await this.enqueue(ids, 'resume', 'stranded');
    return ids.length;
  }

  /**
   * Messages queued on a cross-carrier channel or the modem pool (not yet taken by its worker,
   * so never submitted: the move is status-guarded against the worker's claim) go back to the
   * dispatcher once one of their carrier's own channels is usable and would take them sooner.
   * Without this, what went to the 2 msg/s modems during a 10 s outage waited there for minutes
   * after the carrier's gateways were back (issue 9). Messages the slow channel's worker already
   * holds stay with it; its own overflow check is what moves those.
   */
  private async returns(): Promise<number> {
    const { catalog: cache, pool, queue, keys } = this.context;
    if (cache === undefined) return 0;
    const catalog = cache.catalog;
    if (this.table?.of !== catalog) this.table = { of: catalog, table: routeTableOf(catalog) };
    const table = this.table.table;
    const enabled = catalog.channels.filter((c) => c.enabled);
    const slow = enabled.filter((c) => c.role !== 'primary');
    if (slow.length === 0 || !enabled.some((c) => c.role === 'primary')) return 0;
    const states = await readChannelStates(
      queue.connection,
      keys,
      enabled.map((c) => String(c.id)),
    );
    const picker = new ChannelPicker((id) => table.channel(id), states, Date.now());
    let total = 0;
    for (const channel of slow) {
      const id = String(channel.id);
      // The dispatchers' counter says whether anything waits there; no state at all: look anyway.
      if (states.get(id)?.queued === 0) continue;
      const queued = await pool.query<{ id: bigint; carrier_code: string | null }>(
        `SELECT id, carrier_code FROM messages WHERE channel_id = $1 AND status = 'queued' ORDER BY id LIMIT 5000`,
        [id],
      );
      const moving = decideReturns(
        id,
        queued.rows.map((r) => ({ id: r.id, carrierCode: r.carrier_code })),
        table,
        picker,
      );
      const released = await requeueFromChannel(
        pool,
        moving,
        `${channel.name}: their carrier's own channels are faster again; routing again`,
      );
      await this.enqueue(released, 'return', `return-${id}`);
      total += released.length;
    }
    return total;
  }

  private async unmatched(): Promise<number> {
    const { touched, failedOver } = await inTransaction(this.context.pool, async (client) => {
      const touched = await matchReports(client, { olderThanMs: 5_000, limit: 5_000 });
      const settled = await settleFromSegments(client, touched);
      await afterFinal(client, settled.finalized);
      return { touched: touched.length, failedOver: settled.failedOver };
    });
    // Outcome failover: sent again through another channel, after the commit.
    await this.enqueue(failedOver, 'failover', 'failover');
    return touched;
  }

  /**
   * ANALYZE of the hot tables that changed by a tenth since their last one, where autovacuum is
   * off (decision 0173): without statistics the planner scans whole tables in every flush.
   */
  private async statistics(): Promise<number> {
    const analyzed = await analyzeStaleTables(this.context.pool);
    if (analyzed.length > 0) this.context.log.debug({ tables: analyzed }, 'analyzed');
    return analyzed.length;
  }

  private async expire(): Promise<number> {
    let total = 0;
    for (;;) {
      const count = await inTransaction(this.context.pool, async (client) => {
        const expired = await expireOverdue(client, 2_000);
        await afterFinal(client, expired);
        return expired.length;
      });
      total += count;
      if (count < 2_000) return total;
    }
  }

  private async enqueue(ids: readonly bigint[], reason: DispatchJob['reason'], tag: string): Promise<void> {
    for (let i = 0; i < ids.length; i += 500) {
      const batch = ids.slice(i, i + 500).map(String);
      // A deterministic job id: two sweeps that see the same messages add one job.
      await this.context.dispatch.add(
        'route',
        { ids: batch, reason },
        { jobId: `${tag}-${batch[0]}-${batch[batch.length - 1]}-${batch.length}` },
      );
    }
  }
}
