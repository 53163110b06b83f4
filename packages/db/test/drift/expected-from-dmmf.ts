import prismaInternals from '@prisma/internals';
import {
  catalogOf,
  columnDefinition,
  foreignKeyDefinition,
  indexDefinition,
  type Catalog,
  type SchemaObject,
} from './catalog.js';
import { PARTIAL_INDEX_PREDICATES, SQL_ONLY_ADDITIONS } from './sql-only-additions.js';

type Datamodel = Awaited<ReturnType<typeof prismaInternals.getDMMF>>['datamodel'];
type Model = Datamodel['models'][number];
type Field = Model['fields'][number];
/** Prisma enum name → its PostgreSQL type name and the labels of its values (by Prisma value name). */
type EnumLookup = Map<string, { dbName: string; labels: Map<string, string> }>;

/** PostgreSQL's limit on identifiers; Prisma's generated names must fit or be given with map:. */
const MAX_IDENTIFIER = 63;

/** The DMMF of a schema (Prisma's schema parser, compiled to WASM: runs offline). */
export async function loadDatamodel(schema: string): Promise<Datamodel> {
  const document = await prismaInternals.getDMMF({ datamodel: schema });
  return document.datamodel;
}

/**
 * The catalog a database migrated from this datamodel must have: what `prisma migrate` would
 * create (tables, columns with their types, nullability and defaults, keys, indexes, foreign keys,
 * enums) plus the documented SQL-only additions. Definitions use PostgreSQL's printed forms
 * (format_type, pg_get_expr), as readCatalog reports them.
 */
export function expectedCatalog(datamodel: Datamodel): Catalog {
  const objects: SchemaObject[] = [];
  const models = new Map(datamodel.models.map((model) => [model.name, model]));
  const enums: EnumLookup = new Map(
    datamodel.enums.map((e) => [
      e.name,
      {
        dbName: e.dbName ?? e.name,
        labels: new Map(e.values.map((value) => [value.name, value.dbName ?? value.name])),
      },
    ]),
  );
  const tableOf = (model: Model): string => model.dbName ?? model.name;
  const columnOf = (field: Field): string => field.dbName ?? field.name;
  const modelNamed = (name: string): Model => {
    const model = models.get(name);
    if (model === undefined) throw new Error(`DMMF: no model ${name}`);
    return model;
  };
  for (const e of datamodel.enums) {
    objects.push({
      kind: 'enum',
      table: null,
      name: e.dbName ?? e.name,
      definition: e.values.map((value) => value.dbName ?? value.name).join(', '),
    });
  }

  for (const model of datamodel.models) {
    const table = tableOf(model);
    objects.push({ kind: 'table', table: null, name: table, definition: '' });
    for (const field of model.fields) {
      if (field.kind === 'object') continue;
      if (field.kind === 'unsupported')
        throw new Error(`${model.name}.${field.name}: Unsupported(...) fields are not compared`);
      const type = columnType(model, field, enums);
      // Prisma creates scalar-list columns without NOT NULL (see its migrations: "tags" TEXT[]).
      const nullable = field.isList || !field.isRequired;
      objects.push({
        kind: 'column',
        table,
        name: columnOf(field),
        definition: columnDefinition(type, nullable, columnDefault(model, field, type, enums)),
      });
    }
  }

  const fieldOf = (model: Model, name: string): Field => {
    const field = model.fields.find((f) => f.name === name);
    if (field === undefined) throw new Error(`DMMF: ${model.name} has no field ${name}`);
    return field;
  };

  for (const index of datamodel.indexes) {
    const model = modelNamed(index.model);
    const table = tableOf(model);
    const columns = index.fields.map((f) => columnOf(fieldOf(model, f.name)));
    const suffix = index.type === 'id' ? 'pkey' : index.type === 'unique' ? 'key' : 'idx';
    const name = index.dbName ?? (index.type === 'id' ? `${table}_pkey` : `${table}_${columns.join('_')}_${suffix}`);
    if (name.length > MAX_IDENTIFIER) {
      throw new Error(
        `${model.name}: the name ${name} is longer than ${MAX_IDENTIFIER} characters; give the index a map:`,
      );
    }
    if (index.type === 'fulltext') throw new Error(`${model.name}: fulltext indexes are MySQL-only`);
    if (index.type === 'id') {
      objects.push({ kind: 'primary key', table, name, definition: `(${columns.join(', ')})` });
      continue;
    }
    const keyColumns = index.fields.map((f, k) =>
      f.sortOrder === 'desc' ? `${columns[k]} DESC` : (columns[k] ?? '?'),
    );
    const method = (index.algorithm ?? 'BTree').toLowerCase();
    const predicate = PARTIAL_INDEX_PREDICATES[name] ?? null;
    objects.push({
      kind: 'index',
      table,
      name,
      definition: indexDefinition(index.type === 'unique', method, keyColumns, predicate),
    });
  }

  for (const model of datamodel.models) {
    const table = tableOf(model);
    for (const field of model.fields) {
      const from = field.relationFromFields ?? [];
      if (field.kind !== 'object' || from.length === 0) continue;
      const target = modelNamed(field.type);
      const columns = from.map((name) => columnOf(fieldOf(model, name)));
      const referenced = (field.relationToFields ?? []).map((name) => columnOf(fieldOf(target, name)));
      // Prisma's defaults: SET NULL when the relation is optional, RESTRICT when required; CASCADE on update.
      const anyOptional = from.some((name) => !fieldOf(model, name).isRequired);
      const onDelete = referentialAction(field.relationOnDelete ?? (anyOptional ? 'SetNull' : 'Restrict'));
      const onUpdate = referentialAction(field.relationOnUpdate ?? 'Cascade');
      const name = `${table}_${columns.join('_')}_fkey`;
      objects.push({
        kind: 'foreign key',
        table,
        name,
        definition: foreignKeyDefinition(columns, tableOf(target), referenced, onDelete, onUpdate),
      });
    }
  }

  objects.push(...SQL_ONLY_ADDITIONS);
  return catalogOf(objects);
}

function referentialAction(action: string): string {
  const words: Record<string, string> = {
    Cascade: 'CASCADE',
    Restrict: 'RESTRICT',
    NoAction: 'NO ACTION',
    SetNull: 'SET NULL',
    SetDefault: 'SET DEFAULT',
  };
  const word = words[action];
  if (word === undefined) throw new Error(`DMMF: unknown referential action ${action}`);
  return word;
}

/** The type as PostgreSQL's format_type() prints the column Prisma creates for the field. */
function columnType(model: Model, field: Field, enums: EnumLookup): string {
  const base = field.kind === 'enum' ? enumOf(enums, field.type).dbName : scalarType(model, field);
  return field.isList ? `${base}[]` : base;
}

function scalarType(model: Model, field: Field): string {
  const [native, args = []] = field.nativeType ?? [undefined, []];
  const withArgs = (name: string): string => (args.length === 0 ? name : `${name}(${args.join(',')})`);
  const unknown = (): never => {
    throw new Error(
      `${model.name}.${field.name}: ${field.type} @db.${String(native)} is not known to the drift test; teach test/drift/expected-from-dmmf.ts`,
    );
  };
  switch (field.type) {
    case 'String':
      switch (native) {
        case undefined:
        case 'Text':
          return 'text';
        case 'VarChar':
          return withArgs('character varying');
        case 'Char':
          return withArgs('character');
        case 'Inet':
          return 'inet';
        case 'Uuid':
          return 'uuid';
        case 'Citext':
          return 'citext';
        default:
          return unknown();
      }
    case 'Int':
      return native === 'SmallInt' ? 'smallint' : native === undefined || native === 'Integer' ? 'integer' : unknown();
    case 'BigInt':
      return native === undefined || native === 'BigInt' ? 'bigint' : unknown();
    case 'Boolean':
      return 'boolean';
    case 'Float':
      return native === 'Real'
        ? 'real'
        : native === undefined || native === 'DoublePrecision'
          ? 'double precision'
          : unknown();
    case 'Decimal':
      return native === undefined ? 'numeric(65,30)' : native === 'Decimal' ? withArgs('numeric') : unknown();
    case 'DateTime': {
      const precision = args[0] ?? '3';
      switch (native) {
        case undefined:
          return 'timestamp(3) without time zone';
        case 'Timestamp':
          return `timestamp(${precision}) without time zone`;
        case 'Timestamptz':
          return `timestamp(${precision}) with time zone`;
        case 'Date':
          return 'date';
        default:
          return unknown();
      }
    }
    case 'Json':
      return native === 'Json' ? 'json' : native === undefined || native === 'JsonB' ? 'jsonb' : unknown();
    case 'Bytes':
      return 'bytea';
    default:
      return unknown();
  }
}

/** The default as pg_get_expr() prints the DEFAULT Prisma writes for the field; null = none. */
function columnDefault(model: Model, field: Field, type: string, enums: EnumLookup): string | null {
  const value = field.default;
  const table = model.dbName ?? model.name;
  const column = field.dbName ?? field.name;
  const unknown = (): never => {
    throw new Error(`${model.name}.${field.name}: default ${JSON.stringify(value)} is not known to the drift test`);
  };
  if (value === undefined) return null;
  if (isListDefault(value)) return value.length === 0 ? `ARRAY[]::${type}` : unknown();
  if (typeof value === 'object') {
    switch (value.name) {
      case 'autoincrement':
        return `nextval('${table}_${column}_seq'::regclass)`;
      case 'now':
        return 'CURRENT_TIMESTAMP';
      case 'dbgenerated':
        return String(value.args[0] ?? unknown());
      case 'uuid':
      case 'cuid':
      case 'nanoid':
      case 'ulid':
        return null; // made by Prisma Client, not by the database
      default:
        return unknown();
    }
  }
  const text = String(value);
  const quote = (literal: string): string => `'${literal.replaceAll("'", "''")}'`;
  const quoted = quote(text);
  if (field.kind === 'enum') {
    // The label PostgreSQL stores, which differs from the Prisma name when the value has @map.
    const e = enumOf(enums, field.type);
    return `${quote(e.labels.get(text) ?? text)}::${e.dbName}`;
  }
  switch (field.type) {
    case 'Boolean':
      return text;
    case 'Int':
    case 'BigInt':
      return text.startsWith('-') ? `${quoted}::${type}` : text;
    case 'String':
      return `${quoted}::${type.startsWith('character varying') ? 'character varying' : type}`;
    case 'Json':
      return `${quoted}::jsonb`;
    default:
      return unknown();
  }
}

/** Array.isArray does not narrow readonly arrays, which is what the DMMF's types are. */
function isListDefault(
  value: NonNullable<Field['default']>,
): value is Extract<NonNullable<Field['default']>, readonly unknown[]> {
  return Array.isArray(value);
}

function enumOf(enums: EnumLookup, name: string): { dbName: string; labels: Map<string, string> } {
  const e = enums.get(name);
  if (e === undefined) throw new Error(`DMMF: no enum ${name}`);
  return e;
}
