/**
 * Prisma's schema engine in its WebAssembly build, loaded from the package the Prisma CLI itself
 * depends on. The native engine binary that `prisma migrate` needs cannot be downloaded here, but
 * the WASM build renders the DDL Prisma would write for the change between two schemas, which is
 * how migrations in prisma/migrations are written exactly as `prisma migrate dev` would write them.
 *
 * Limits, verified with Prisma 7.10: the engine still opens a connection through the driver
 * adapter (it asks the server its version), and describing a live database through
 * @prisma/adapter-pg fails on PostgreSQL's "char" catalog columns, so a database cannot be a diff
 * side. Drift against a migrated database is therefore checked by test/drift (DMMF vs pg_catalog).
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { PrismaPg } from '@prisma/adapter-pg';

/** The part of @prisma/schema-engine-wasm's API used here (its own typings are not reachable). */
interface SchemaEngineBindings {
  __wbg_set_wasm(exports: Record<string, unknown>): void;
  SchemaEngine: {
    new: (
      options: { datamodels: [string, string][] | undefined },
      debug: (message: string) => void,
      adapter: unknown,
    ) => Promise<WasmSchemaEngine>;
  };
}

interface WasmSchemaEngine {
  diff(params: {
    from: DiffSide;
    to: DiffSide;
    script: boolean;
    exitCode: boolean | null;
    filters: { externalTables: string[]; externalEnums: string[] };
  }): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
}

type DiffSide = { tag: 'empty' } | { tag: 'schemaDatamodel'; files: { path: string; content: string }[] };

interface DriverAdapterUtils {
  bindMigrationAwareSqlAdapterFactory(factory: PrismaPg): unknown;
}

/** Node's WebAssembly global, which the ES2023 + node typings used here do not declare as a value. */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, unknown>) => { exports: Record<string, unknown> };
}
const wasm = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

// @prisma/schema-engine-wasm and @prisma/driver-adapter-utils are dependencies of
// @prisma/internals (a dev dependency of this package), so they are resolved from there.
const fromInternals = createRequire(createRequire(import.meta.url).resolve('@prisma/internals'));

let bindings: Promise<SchemaEngineBindings> | undefined;

function loadBindings(): Promise<SchemaEngineBindings> {
  bindings ??= (async () => {
    // The package's own entry imports the .wasm file as an ES module, which Node cannot do; this
    // wires the module to its JS glue the way that entry (and @prisma/internals) does.
    const gluePath = fromInternals.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const glue = (await import(gluePath)) as SchemaEngineBindings;
    const wasmPath = gluePath.replace(/schema_engine_bg\.js$/, 'schema_engine_bg.wasm');
    const module = new wasm.Module(await readFile(wasmPath));
    const instance = new wasm.Instance(module, { './schema_engine_bg.js': glue });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports['__wbindgen_start'] as () => void)();
    return glue;
  })();
  return bindings;
}

/**
 * The SQL `prisma migrate diff` prints to go from schema `from` (null = an empty database) to
 * schema `to`, exactly as the schema engine renders it. `serverUrl` is any reachable PostgreSQL:
 * the engine only asks it its version.
 */
export async function prismaDiffSql(from: string | null, to: string, serverUrl: string): Promise<string> {
  const glue = await loadBindings();
  const adapterUtils = fromInternals('@prisma/driver-adapter-utils') as DriverAdapterUtils;
  const adapter = adapterUtils.bindMigrationAwareSqlAdapterFactory(new PrismaPg({ connectionString: serverUrl }));
  const engine = await glue.SchemaEngine.new({ datamodels: [['schema.prisma', to]] }, () => {}, adapter);
  try {
    const side = (schema: string | null): DiffSide =>
      schema === null
        ? { tag: 'empty' }
        : { tag: 'schemaDatamodel', files: [{ path: 'schema.prisma', content: schema }] };
    const result = await engine.diff({
      from: side(from),
      to: side(to),
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    return withoutPublicSchemaCreation(result.stdout ?? '');
  } finally {
    engine.free();
  }
}

/**
 * A diff from nothing starts by creating the "public" schema; `prisma migrate dev` never writes
 * that, because its shadow database already has one.
 */
function withoutPublicSchemaCreation(sql: string): string {
  const creation = '-- CreateSchema\nCREATE SCHEMA IF NOT EXISTS "public";\n\n';
  return sql.startsWith(creation) ? sql.slice(creation.length) : sql;
}
