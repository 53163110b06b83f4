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

/**
 * A node-postgres pool for the hot path's raw, batched SQL (multi-row INSERT … SELECT FROM
 * unnest, UPDATE … FROM) on the same database Prisma uses.
 */
export function createPool(url: string, config: Omit<pg.PoolConfig, 'connectionString' | 'types'> = {}): pg.Pool {
  return new pg.Pool({ application_name: 'smshub', ...config, connectionString: url, types });
}
