import { createRedis } from '@smshub/queue';
import type pg from 'pg';

/**
 * What PostgreSQL and Redis did for a run, per message: transactions committed in the run's
 * database (pg_stat_database), WAL written and flushed (pg_stat_wal), Redis commands by name
 * (INFO commandstats). pg_stat_wal is the whole server's and INFO the whole Redis server's: on a
 * shared machine other engineers' work is in them too, so they are upper bounds; the commits are
 * the run's database's alone.
 */
export interface CounterSnapshot {
  readonly xactCommit: number;
  readonly xactRollback: number;
  readonly walRecords: number;
  readonly walFpi: number;
  readonly walBytes: number;
  /** XLogWrite calls and WAL fsyncs (the flushes a commit waits for). */
  readonly walWrites: number;
  readonly walSyncs: number;
  /** Calls per Redis command since the server started (or CONFIG RESETSTAT). */
  readonly redis: ReadonlyMap<string, number>;
}

export interface CountersPerMessage {
  readonly messages: number;
  readonly commits: number;
  readonly rollbacks: number;
  readonly walRecords: number;
  readonly walFpi: number;
  readonly walBytes: number;
  readonly walWrites: number;
  readonly walSyncs: number;
  readonly redisCommands: number;
  /** The five commands called most, per message. */
  readonly redisTop: readonly { readonly command: string; readonly perMessage: number }[];
}

/**
 * Backends report their counters when they go idle, at most once a second: a snapshot waits this
 * long first so that the run's last transactions are in it.
 */
const STATS_SETTLE_MS = 1_500;

export class DbCounters {
  private readonly redis: ReturnType<typeof createRedis>;

  /** `db`: any connection to the server; `databaseName`: the run's database. */
  constructor(
    private readonly db: pg.Client | pg.Pool,
    private readonly databaseName: string,
    redisUrl: string,
  ) {
    this.redis = createRedis({ url: redisUrl, prefix: '' }, 'bench-counters');
  }

  async snapshot(): Promise<CounterSnapshot> {
    await new Promise((resolve) => setTimeout(resolve, STATS_SETTLE_MS));
    const [database, wal, info] = await Promise.all([
      this.db.query<{ commits: string; rollbacks: string }>(
        `SELECT xact_commit AS commits, xact_rollback AS rollbacks FROM pg_stat_database WHERE datname = $1`,
        [this.databaseName],
      ),
      this.db.query<{ records: string; fpi: string; bytes: string; writes: string; syncs: string }>(
        `SELECT wal_records AS records, wal_fpi AS fpi, wal_bytes AS bytes, wal_write AS writes, wal_sync AS syncs
           FROM pg_stat_wal`,
      ),
      this.redis.info('commandstats'),
    ]);
    const d = database.rows[0];
    const w = wal.rows[0];
    if (d === undefined) throw new Error(`bench counters: no pg_stat_database row for ${this.databaseName}`);
    if (w === undefined) throw new Error('bench counters: pg_stat_wal is empty (PostgreSQL 14 or later needed)');
    return {
      xactCommit: Number(d.commits),
      xactRollback: Number(d.rollbacks),
      walRecords: Number(w.records),
      walFpi: Number(w.fpi),
      walBytes: Number(w.bytes),
      walWrites: Number(w.writes),
      walSyncs: Number(w.syncs),
      redis: parseCommandStats(info),
    };
  }

  close(): void {
    this.redis.disconnect();
  }
}

/** `cmdstat_<name>:calls=N,usec=…` lines of INFO commandstats, as calls per command. */
export function parseCommandStats(info: string): Map<string, number> {
  const calls = new Map<string, number>();
  for (const line of info.split(/\r?\n/)) {
    const match = /^cmdstat_([^:]+):calls=(\d+)/.exec(line);
    if (match !== null) calls.set(match[1]!, Number(match[2]));
  }
  return calls;
}

export function countersPerMessage(
  before: CounterSnapshot,
  after: CounterSnapshot,
  messages: number,
): CountersPerMessage {
  const per = (a: number, b: number) => Math.round(((b - a) / Math.max(1, messages)) * 1000) / 1000;
  const commands: { command: string; calls: number }[] = [];
  for (const [command, calls] of after.redis) {
    const delta = calls - (before.redis.get(command) ?? 0);
    if (delta > 0) commands.push({ command, calls: delta });
  }
  commands.sort((a, b) => b.calls - a.calls || a.command.localeCompare(b.command));
  return {
    messages,
    commits: per(before.xactCommit, after.xactCommit),
    rollbacks: per(before.xactRollback, after.xactRollback),
    walRecords: per(before.walRecords, after.walRecords),
    walFpi: per(before.walFpi, after.walFpi),
    walBytes: per(before.walBytes, after.walBytes),
    walWrites: per(before.walWrites, after.walWrites),
    walSyncs: per(before.walSyncs, after.walSyncs),
    redisCommands: per(
      0,
      commands.reduce((sum, c) => sum + c.calls, 0),
    ),
    redisTop: commands.slice(0, 5).map((c) => ({ command: c.command, perMessage: per(0, c.calls) })),
  };
}

/** One line for the bench's log. */
export function describeCounters(label: string, c: CountersPerMessage): string {
  return (
    `${label} per message (${c.messages.toLocaleString('en')} msgs): PostgreSQL commits ${c.commits} (its database), ` +
    `WAL ${c.walRecords} records / ${Math.round(c.walBytes)} bytes / ${c.walFpi} full-page images, ` +
    `${c.walWrites} writes, ${c.walSyncs} flushes (whole server); ` +
    `Redis ${c.redisCommands} commands (whole server): ${c.redisTop.map((t) => `${t.command} ${t.perMessage}`).join(', ')}`
  );
}
