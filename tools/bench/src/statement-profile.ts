import type pg from 'pg';

/** One statement's share of a run, per message (pg_stat_statements of the run's database). */
export interface StatementCost {
  readonly query: string;
  readonly callsPerMessage: number;
  readonly msPerMessage: number;
  readonly rowsPerMessage: number;
}

/**
 * The statements PostgreSQL spent its time on during a run, from pg_stat_statements when the
 * server preloads it (shared_preload_libraries); `start` clears the counts of the run's database
 * and `top` reads them. Without the extension both give nothing, and the bench says so.
 */
export class StatementProfile {
  private available = false;

  constructor(private readonly db: pg.Client) {}

  async start(): Promise<boolean> {
    try {
      await this.db.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
      await this.db.query(
        `SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0)`,
      );
      this.available = true;
    } catch {
      this.available = false;
    }
    return this.available;
  }

  async top(messages: number, limit = 12): Promise<StatementCost[]> {
    if (!this.available || messages <= 0) return [];
    const { rows } = await this.db.query<{ query: string; calls: string; ms: number; rows: string }>(
      `SELECT query, calls, total_exec_time AS ms, rows FROM pg_stat_statements
        WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND query NOT ILIKE '%pg_stat_statements%'
        ORDER BY total_exec_time DESC LIMIT $1`,
      [limit],
    );
    return rows.map((row) => ({
      query: row.query.replace(/\s+/g, ' ').slice(0, 160),
      callsPerMessage: Number(row.calls) / messages,
      msPerMessage: row.ms / messages,
      rowsPerMessage: Number(row.rows) / messages,
    }));
  }
}

export function describeStatements(label: string, costs: readonly StatementCost[]): string[] {
  if (costs.length === 0) return [`${label}: no pg_stat_statements (not in shared_preload_libraries)`];
  return [
    `${label}: top statements by execution time, per message (ms, calls, rows):`,
    ...costs.map(
      (c) =>
        `    ${c.msPerMessage.toFixed(4)} ms  ${c.callsPerMessage.toFixed(3)} calls  ${c.rowsPerMessage.toFixed(2)} rows  ${c.query}`,
    ),
  ];
}
