import type { Queryable } from './queryable.js';

/**
 * The tables the message path writes for every message, whose plans go wrong without statistics
 * (non-unique keys, status-partial indexes). Tables written per batch or per event are left to
 * their owners: ANALYZE of webhook_deliveries (its JSON payloads) took 0.6 s each in the bench.
 */
export const HOT_PATH_TABLES = ['messages', 'segments', 'status_reports', 'message_attempts'] as const;

/**
 * ANALYZE of the hot path's tables whose statistics fell behind, as autovacuum's autoanalyze would
 * (more rows changed since the last ANALYZE than 50 + 10 % of the table) — only where autovacuum
 * is off, for the server or the table, since otherwise it does this itself. A server with
 * autovacuum off never analyzes a table on its own, and a planner without statistics takes every
 * non-unique key for 0.5 % of its table: flushes then scan whole tables (decision 0173). Returns
 * the tables analyzed.
 */
export async function analyzeStaleTables(db: Queryable): Promise<string[]> {
  const result = await db.query<{ name: string }>(
    `SELECT t.relname AS name
       FROM pg_stat_user_tables t
       JOIN pg_class c ON c.oid = t.relid
      WHERE t.schemaname = current_schema() AND t.relname = ANY ($1::text[])
        AND NOT (current_setting('autovacuum')::boolean
                 AND coalesce((SELECT o.option_value::boolean FROM pg_options_to_table(c.reloptions) o
                                WHERE o.option_name = 'autovacuum_enabled'), true))
        AND t.n_mod_since_analyze > 50 + 0.1 * greatest(c.reltuples, 0)
      ORDER BY t.relname`,
    [HOT_PATH_TABLES],
  );
  const names = result.rows.map((row) => row.name);
  // Names from the fixed list above, one statement each.
  for (const name of names) await db.query(`ANALYZE ${name}`);
  return names;
}
