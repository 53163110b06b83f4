import type { Catalog, SchemaObject } from './catalog.js';

/**
 * Every way the database differs from what it should be, one readable line each, empty when they
 * agree. Objects of a table that is missing or unexpected as a whole are reported with the table
 * only.
 */
export function compareCatalogs(expected: Catalog, actual: Catalog): string[] {
  const differences: string[] = [];
  const wholeTables = new Set<string>();
  for (const [key, object] of expected) {
    if (object.kind === 'table' && !actual.has(key)) wholeTables.add(object.name);
  }
  for (const [key, object] of actual) {
    if (object.kind === 'table' && !expected.has(key)) wholeTables.add(object.name);
  }
  const reported = (object: SchemaObject): boolean => object.table === null || !wholeTables.has(object.table);

  for (const [key, want] of expected) {
    const have = actual.get(key);
    if (have === undefined) {
      if (reported(want)) differences.push(`${key}: missing from the database (schema: ${describe(want)})`);
    } else if (have.definition !== want.definition) {
      differences.push(`${key}: database has ${describe(have)}, schema says ${describe(want)}`);
    }
  }
  for (const [key, have] of actual) {
    if (!expected.has(key) && reported(have)) {
      differences.push(`${key}: in the database but not in the schema (${describe(have)})`);
    }
  }
  return differences.sort();
}

function describe(object: SchemaObject): string {
  return object.definition === '' ? object.kind : `"${object.definition}"`;
}
