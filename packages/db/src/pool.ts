import { createHash } from 'node:crypto';
import pg from 'pg';

const INT8_OID = 20;
const INT8_ARRAY_OID = 1016;

/**
 * BIGINT columns (every id, every amount in li) come back as `bigint`, as Prisma returns them,
 * instead of node-postgres' default strings, so both paths hand the rest of the code one type.
 * Set per pool, never on the global pg.types that Prisma's adapter also uses.
 */
const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8_OID) return (value: string) => BigInt(value);
    if (oid === INT8_ARRAY_OID) {
      const getTextParser = pg.types.getTypeParser as (
        oid: number,
        format: 'text',
      ) => (value: string) => (string | null)[];
      const parseTextArray = getTextParser(INT8_ARRAY_OID, 'text');
      return (value: string) => parseTextArray(value).map((item) => (item === null ? null : BigInt(item)));
    }
    return format === 'binary' ? pg.types.getTypeParser(oid, 'binary') : pg.types.getTypeParser(oid, 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** A statement text becomes a prepared statement once it has been sent this many times. */
export const PREPARE_AFTER = 3;
/** At most this many texts are prepared (each connection keeps the ones it has used). */
export const MAX_PREPARED = 256;
/** Texts counted towards PREPARE_AFTER at most; the counts start again past it. */
const MAX_COUNTED = 10_000;

const seen = new Map<string, number>();
const prepared = new Map<string, string>();

/**
 * The name under which `text` is prepared, or undefined while it is not (yet) worth it: a
 * parameterized text sent PREPARE_AFTER times is a statement of the code, not one built per call,
 * and from then on it is parsed once per connection instead of at every call (a batched hot-path
 * statement cost 0.34–0.42 ms a call unnamed against 0.26 ms prepared and still planned at every
 * call; decision 0184).
 * The name is a digest of the text, so every process and connection derive the same one and two
 * texts never share a name.
 */
export function preparedName(text: string): string | undefined {
  const name = prepared.get(text);
  if (name !== undefined) return name;
  if (prepared.size >= MAX_PREPARED) return undefined;
  const count = (seen.get(text) ?? 0) + 1;
  if (count < PREPARE_AFTER) {
    if (seen.size >= MAX_COUNTED) seen.clear();
    seen.set(text, count);
    return undefined;
  }
  seen.delete(text);
  const digest = `smshub_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
  prepared.set(text, digest);
  return digest;
}

type QueryArgs = [config: unknown, values?: unknown, callback?: unknown];

/**
 * pgJDBC's prepareThreshold for node-postgres: a parameterized query whose text has been sent
 * before is sent as a named statement. Queries with a name of their own, query objects (cursors,
 * streams) and texts without parameters (BEGIN, COMMIT, simple protocol) go as they are.
 */
class PreparingClient extends pg.Client {
  override query(...args: never[]): never {
    const [config, values, callback] = args as unknown as QueryArgs;
    let named: pg.QueryConfig | undefined;
    if (typeof config === 'string' && Array.isArray(values) && values.length > 0) {
      const name = preparedName(config);
      if (name !== undefined) named = { name, text: config, values };
    } else if (
      typeof config === 'object' &&
      config !== null &&
      typeof (config as { submit?: unknown }).submit !== 'function'
    ) {
      const query = config as pg.QueryConfig;
      if (query.name === undefined && typeof query.text === 'string' && (query.values?.length ?? 0) > 0) {
        const name = preparedName(query.text);
        if (name !== undefined) named = { ...query, name };
      }
    }
    if (named === undefined) return (super.query as (...a: unknown[]) => never)(...args);
    // (text, values, callback) and (config, callback): the callback is the last function given.
    const done = typeof callback === 'function' ? callback : typeof values === 'function' ? values : undefined;
    return (super.query as (...a: unknown[]) => never)(named, ...(done === undefined ? [] : [done]));
  }
}

/**
 * A node-postgres pool for the hot path's raw, batched SQL (multi-row INSERT … SELECT FROM
 * unnest, UPDATE … FROM) on the same database Prisma uses. Its clients prepare the statements
 * they send repeatedly (PreparingClient).
 */
export function createPool(url: string, config: Omit<pg.PoolConfig, 'connectionString' | 'types'> = {}): pg.Pool {
  return new pg.Pool({
    application_name: 'smshub',
    // Prepared statements are planned at every call with the call's values, as unnamed ones are:
    // a generic plan of a batched statement can scan a whole table that is never analyzed here
    // (decision 0184); what preparing saves is the parse and analysis.
    options: '-c plan_cache_mode=force_custom_plan',
    Client: PreparingClient,
    ...config,
    connectionString: url,
    types,
  });
}
