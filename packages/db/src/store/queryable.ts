import type pg from 'pg';

/** Anything that runs a query: the pool (autocommit) or a client holding the caller's transaction. */
export type Queryable = pg.Pool | pg.PoolClient | pg.Client;

/** PostgreSQL error codes worth running a transaction again for. */
const RETRYABLE = new Set(['40001', '40P01']); // serialization_failure, deadlock_detected

/**
 * Runs `work` in one transaction on a pooled client; runs it again (up to `attempts` times) when
 * PostgreSQL aborted it for a deadlock or a serialization failure, which batched updates of
 * overlapping rows from several processes can cause.
 */
export async function inTransaction<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  attempts = 5,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      const code = (error as { code?: string }).code;
      if (attempt >= attempts || code === undefined || !RETRYABLE.has(code)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 5 * attempt + Math.random() * 20));
    } finally {
      client.release();
    }
  }
}
