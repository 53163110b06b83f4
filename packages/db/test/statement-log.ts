import type pg from 'pg';

/**
 * Records every statement (and its parameters) sent on the pool's connections, in order, so a
 * test can count round trips or find the statement that wrote something.
 */
export function recordStatements(pool: pg.Pool, into: { statements: string[]; parameters?: unknown[][] }): void {
  pool.on('connect', (client) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as { query: unknown }).query = (...args: unknown[]) => {
      const first = args[0];
      into.statements.push(typeof first === 'string' ? first : String((first as { text?: string }).text));
      into.parameters?.push(Array.isArray(args[1]) ? args[1] : []);
      return query(...args);
    };
  });
}
