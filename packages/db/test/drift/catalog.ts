import type pg from 'pg';

/**
 * A database schema as a flat set of objects, each with a one-line definition in PostgreSQL's
 * own words (format_type, pg_get_expr, pg_get_constraintdef …), so two schemas compare by key and
 * string. Read from pg_catalog of a live database, or built from schema.prisma's DMMF.
 */
export type SchemaObjectKind =
  'enum' | 'table' | 'column' | 'primary key' | 'index' | 'foreign key' | 'check' | 'trigger' | 'function';

export interface SchemaObject {
  readonly kind: SchemaObjectKind;
  /** The table it belongs to; null for tables, enums and functions. */
  readonly table: string | null;
  readonly name: string;
  readonly definition: string;
}

export type Catalog = Map<string, SchemaObject>;

export function catalogKey(object: Pick<SchemaObject, 'kind' | 'table' | 'name'>): string {
  return object.table === null ? `${object.kind} ${object.name}` : `${object.kind} ${object.table}.${object.name}`;
}

export function catalogOf(objects: Iterable<SchemaObject>): Catalog {
  const catalog: Catalog = new Map();
  for (const object of objects) {
    const key = catalogKey(object);
    if (catalog.has(key)) throw new Error(`catalog: ${key} appears twice`);
    catalog.set(key, object);
  }
  return catalog;
}

/** Prisma's own bookkeeping, not part of the schema. */
const IGNORED_TABLES = ['_prisma_migrations'];

const REFERENTIAL_ACTIONS: Record<string, string> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
};

/** Everything in the `public` schema that schema.prisma (or a migration) can create. */
export async function readCatalog(client: pg.ClientBase): Promise<Catalog> {
  const objects: SchemaObject[] = [];
  const ignored = IGNORED_TABLES;

  const enums = await client.query<{ name: string; labels: string[] }>(
    `SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS labels
       FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace JOIN pg_enum e ON e.enumtypid = t.oid
      WHERE n.nspname = 'public' GROUP BY t.typname`,
  );
  for (const row of enums.rows)
    objects.push({ kind: 'enum', table: null, name: row.name, definition: row.labels.join(', ') });

  const tables = await client.query<{ name: string; kind: string }>(
    `SELECT c.relname AS name, c.relkind::text AS kind
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relname = ANY ($1)`,
    [ignored],
  );
  for (const row of tables.rows) {
    objects.push({
      kind: 'table',
      table: null,
      name: row.name,
      definition: row.kind === 'r' ? '' : `relkind ${row.kind}`,
    });
  }

  const columns = await client.query<{
    table: string;
    name: string;
    type: string;
    not_null: boolean;
    default: string | null;
  }>(
    `SELECT c.relname AS table, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type,
            a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'f') AND NOT c.relname = ANY ($1)
        AND a.attnum > 0 AND NOT a.attisdropped`,
    [ignored],
  );
  for (const row of columns.rows) {
    objects.push({
      kind: 'column',
      table: row.table,
      name: row.name,
      definition: columnDefinition(row.type, !row.not_null, row.default),
    });
  }

  const constraints = await client.query<{
    table: string;
    name: string;
    type: string;
    columns: string[];
    referenced_table: string | null;
    referenced_columns: string[] | null;
    on_delete: string;
    on_update: string;
    definition: string;
  }>(
    `SELECT c.relname AS table, con.conname AS name, con.contype::text AS type,
            ARRAY(SELECT a.attname FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS columns,
            rc.relname AS referenced_table,
            ARRAY(SELECT a.attname FROM unnest(con.confkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum ORDER BY k.ord)::text[] AS referenced_columns,
            con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update,
            pg_get_constraintdef(con.oid) AS definition
       FROM pg_constraint con
       JOIN pg_class c ON c.oid = con.conrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       LEFT JOIN pg_class rc ON rc.oid = con.confrelid
      WHERE n.nspname = 'public' AND con.contype IN ('p', 'f', 'c') AND NOT c.relname = ANY ($1)`,
    [ignored],
  );
  for (const row of constraints.rows) {
    if (row.type === 'p') {
      objects.push({
        kind: 'primary key',
        table: row.table,
        name: row.name,
        definition: `(${row.columns.join(', ')})`,
      });
    } else if (row.type === 'f') {
      const definition = foreignKeyDefinition(
        row.columns,
        row.referenced_table ?? '?',
        row.referenced_columns ?? [],
        REFERENTIAL_ACTIONS[row.on_delete] ?? row.on_delete,
        REFERENTIAL_ACTIONS[row.on_update] ?? row.on_update,
      );
      objects.push({ kind: 'foreign key', table: row.table, name: row.name, definition });
    } else {
      objects.push({ kind: 'check', table: row.table, name: row.name, definition: row.definition });
    }
  }

  const indexes = await client.query<{
    table: string;
    name: string;
    unique: boolean;
    method: string;
    columns: string[];
    descending: boolean[];
    predicate: string | null;
  }>(
    `SELECT c.relname AS table, ic.relname AS name, i.indisunique AS unique, am.amname AS method,
            ARRAY(SELECT pg_get_indexdef(i.indexrelid, k, true) FROM generate_series(1, i.indnkeyatts) k ORDER BY k)::text[] AS columns,
            ARRAY(SELECT (i.indoption[k - 1] & 1) = 1 FROM generate_series(1, i.indnkeyatts) k ORDER BY k) AS descending,
            pg_get_expr(i.indpred, i.indrelid) AS predicate
       FROM pg_index i
       JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_class c ON c.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_am am ON am.oid = ic.relam
      WHERE n.nspname = 'public' AND NOT i.indisprimary AND NOT c.relname = ANY ($1)`,
    [ignored],
  );
  for (const row of indexes.rows) {
    const columns = row.columns.map((column, k) => (row.descending[k] === true ? `${column} DESC` : column));
    objects.push({
      kind: 'index',
      table: row.table,
      name: row.name,
      definition: indexDefinition(row.unique, row.method, columns, row.predicate),
    });
  }

  const triggers = await client.query<{ table: string; name: string; definition: string }>(
    `SELECT c.relname AS table, t.tgname AS name, pg_get_triggerdef(t.oid) AS definition
       FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND NOT t.tgisinternal`,
  );
  for (const row of triggers.rows)
    objects.push({ kind: 'trigger', table: row.table, name: row.name, definition: row.definition });

  // Functions that extensions brought along are the extension's business, not the schema's.
  const functions = await client.query<{ name: string; returns: string; language: string }>(
    `SELECT p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' AS name,
            pg_get_function_result(p.oid) AS returns, l.lanname AS language
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
      WHERE n.nspname = 'public'
        AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')`,
  );
  for (const row of functions.rows) {
    objects.push({
      kind: 'function',
      table: null,
      name: row.name,
      definition: `returns ${row.returns}, language ${row.language}`,
    });
  }

  return catalogOf(objects);
}

export function columnDefinition(type: string, nullable: boolean, defaultExpression: string | null): string {
  return [
    type,
    nullable ? 'NULL' : 'NOT NULL',
    ...(defaultExpression === null ? [] : [`DEFAULT ${defaultExpression}`]),
  ].join(' ');
}

export function indexDefinition(
  unique: boolean,
  method: string,
  columns: readonly string[],
  predicate: string | null,
): string {
  return [
    ...(unique ? ['UNIQUE'] : []),
    method,
    `(${columns.join(', ')})`,
    ...(predicate === null ? [] : [`WHERE ${predicate}`]),
  ].join(' ');
}

export function foreignKeyDefinition(
  columns: readonly string[],
  referencedTable: string,
  referencedColumns: readonly string[],
  onDelete: string,
  onUpdate: string,
): string {
  return `(${columns.join(', ')}) REFERENCES ${referencedTable}(${referencedColumns.join(', ')}) ON DELETE ${onDelete} ON UPDATE ${onUpdate}`;
}
