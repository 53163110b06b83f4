/** Reading the OpenAPI document's JSON Schemas for the developer page: refs, types, examples. */
export type JsonSchema = { readonly [key: string]: unknown };

const REF = '#/components/schemas/';

/** Follows a `$ref` into components (one hop at a time; the document has no cycles at the top). */
export function resolve(schema: JsonSchema | undefined, components: Readonly<Record<string, JsonSchema>>): JsonSchema {
  let current = schema ?? {};
  for (let hops = 0; hops < 10; hops++) {
    const ref = current['$ref'];
    if (typeof ref !== 'string' || !ref.startsWith(REF)) return current;
    current = components[ref.slice(REF.length)] ?? {};
  }
  return current;
}

/** "string", "integer[]", "A | B", the component's name for a ref. */
export function typeLabel(schema: JsonSchema, components: Readonly<Record<string, JsonSchema>>): string {
  const ref = schema['$ref'];
  if (typeof ref === 'string') return ref.slice(REF.length);
  const options = (schema['anyOf'] ?? schema['oneOf']) as JsonSchema[] | undefined;
  if (Array.isArray(options)) return options.map((o) => typeLabel(o, components)).join(' | ');
  if (Array.isArray(schema['enum'])) return (schema['enum'] as unknown[]).map((v) => JSON.stringify(v)).join(' | ');
  const type = schema['type'];
  if (type === 'array') return `${typeLabel((schema['items'] as JsonSchema) ?? {}, components)}[]`;
  if (Array.isArray(type)) return type.join(' | ');
  return typeof type === 'string' ? type : 'object';
}

export interface Property {
  readonly name: string;
  readonly type: string;
  readonly required: boolean;
  readonly description: string;
}

/** The fields of an object schema (or of the first object of a union), for a table. */
export function propertiesOf(schema: JsonSchema, components: Readonly<Record<string, JsonSchema>>): Property[] {
  const resolved = resolve(schema, components);
  const options = (resolved['anyOf'] ?? resolved['oneOf']) as JsonSchema[] | undefined;
  const object = Array.isArray(options) ? resolve(options[0], components) : resolved;
  const properties = (object['properties'] ?? {}) as Record<string, JsonSchema>;
  const required = new Set((object['required'] ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    type: typeLabel(property, components),
    required: required.has(name),
    description: typeof property['description'] === 'string' ? property['description'] : '',
  }));
}

/** A plausible example value: the schema's own example, else one by type. */
export function exampleOf(schema: JsonSchema, components: Readonly<Record<string, JsonSchema>>, depth = 0): unknown {
  const resolved = resolve(schema, components);
  if (resolved['example'] !== undefined) return resolved['example'];
  if (Array.isArray(resolved['examples']) && resolved['examples'].length > 0) return resolved['examples'][0];
  if (Array.isArray(resolved['enum'])) return resolved['enum'][0];
  const options = (resolved['anyOf'] ?? resolved['oneOf']) as JsonSchema[] | undefined;
  if (Array.isArray(options)) return exampleOf(options[0] ?? {}, components, depth + 1);
  if (depth > 4) return null;
  switch (resolved['type']) {
    case 'string':
      return resolved['format'] === 'date-time' ? '2026-12-03T08:00:00+08:00' : 'string';
    case 'integer':
    case 'number':
      return 1;
    case 'boolean':
      return true;
    case 'array':
      return [exampleOf((resolved['items'] as JsonSchema) ?? {}, components, depth + 1)];
    default: {
      const properties = (resolved['properties'] ?? {}) as Record<string, JsonSchema>;
      const required = new Set((resolved['required'] ?? []) as string[]);
      return Object.fromEntries(
        Object.entries(properties)
          .filter(([name]) => required.has(name))
          .map(([name, property]) => [name, exampleOf(property, components, depth + 1)]),
      );
    }
  }
}

/** A copyable curl command for one operation. */
export function curlExample(options: {
  readonly origin: string;
  readonly method: string;
  readonly path: string;
  readonly key: string | null;
  readonly body: unknown;
}): string {
  const lines = [`curl -X ${options.method.toUpperCase()} '${options.origin}${options.path}'`];
  if (options.key !== null) lines.push(`  -H 'Authorization: Bearer ${options.key}'`);
  if (options.body !== undefined) {
    lines.push(`  -H 'Content-Type: application/json'`);
    lines.push(`  -d '${JSON.stringify(options.body, null, 2).replace(/'/g, "'\\''")}'`);
  }
  return lines.join(' \\\n');
}
