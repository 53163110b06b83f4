import { afterFinal, expireOverdue, findStranded, inTransaction, matchReports, settleFromSegments } from '@smshub/db';
import { type DispatchJob, Lease, type Queue, type QueueContext, type RedisKeys } from '@smshub/queue';
import type pg from 'pg';
import type { Logger } from 'pino';

export interface SweepContext {
  readonly pool: pg.Pool;
  readonly queue: QueueContext;
  readonly dispatch: Queue<DispatchJob>;
  readonly keys: RedisKeys;
  readonly log: Logger;
  readonly instance: string;
}

interface Sweep {
  readonly name: string;
  readonly everyMs: number;
  readonly run: () => Promise<number>;
}

/**
 * The periodic work that keeps PostgreSQL and the queues agreeing, run by one dispatcher at a
 * time (a short Redis lease per sweep): scheduled messages that fell due, messages whose
 * dispatch job was lost, reports that never matched on arrival, and validity that ran out.
 */
export class Sweeps {
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Set<string>();

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
      { name: 'unmatched-reports', everyMs: 5_000, run: () => this.unmatched() },
      { name: 'expiry', everyMs: 5_000, run: () => this.expire() },
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

  /** Scheduled messages (send_at in the future at intake) that are due now. */
  private async due(): Promise<number> {
    const result = await this.context.pool.query<{ id: bigint }>(
      `SELECT id FROM messages
        WHERE status = 'accepted' AND send_at <= now() AND send_at > now() - interval '60 seconds' AND created_at < send_at - interval '1 second'
        ORDER BY send_at, id LIMIT 10000`,
    );
    await this.enqueue(
      result.rows.map((r) => r.id),
      'scheduled',
      'due',
    );
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
