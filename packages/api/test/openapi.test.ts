import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import * as api from '../src/index.js';
import { apiSchemas, buildOpenApiDocument, contract, getOpenApiDocument, type RouteSpec } from '../src/index.js';

const document = buildOpenApiDocument();
const routes: readonly RouteSpec[] = Object.values(contract);
const componentName = (schema: z.ZodType) => apiSchemas.get(schema)?.id;

/** Every `$ref` anywhere in a JSON value. */
function refs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) refs(item, out);
  else if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') out.push(item);
      else refs(item, out);
    }
  }
  return out;
}

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 with the bearer key as its security scheme', () => {
    expect(document.openapi).toBe('3.1.0');
    expect(document.components.securitySchemes['apiKey']).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(document.security).toEqual([{ apiKey: [] }]);
  });

  it.each(routes.map((route) => [`${route.method} ${route.path}`, route] as const))(
    'describes %s with its schemas',
    (_name, route) => {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation).toBeDefined();
      if (operation === undefined) return;
      expect(operation.operationId).toBe(route.operationId);
      if (route.scope === null) expect(operation.security).toEqual([]);
      else expect(operation.description).toContain(route.scope);

      if (route.body === undefined) expect(operation.requestBody).toBeUndefined();
      else {
        expect(operation.requestBody).toEqual({
          required: true,
          content: { 'application/json': { schema: { $ref: `#/components/schemas/${componentName(route.body)}` } } },
        });
      }

      const parameters = (operation.parameters ?? []) as { name: string; in: string; required: boolean }[];
      for (const name of Object.keys(route.params?.shape ?? {})) {
        expect(parameters).toContainEqual(expect.objectContaining({ name, in: 'path', required: true }));
      }
      for (const name of Object.keys(route.query?.shape ?? {})) {
        expect(parameters).toContainEqual(expect.objectContaining({ name, in: 'query' }));
      }
      expect(parameters).toHaveLength(
        Object.keys(route.params?.shape ?? {}).length + Object.keys(route.query?.shape ?? {}).length,
      );

      expect(Object.keys(operation.responses).sort()).toEqual(Object.keys(route.responses).sort());
      for (const [status, spec] of Object.entries(route.responses)) {
        const response = operation.responses[status] as { content?: Record<string, { schema: unknown }> };
        if (spec.schema === undefined) expect(response.content).toBeUndefined();
        else
          expect(response.content?.['application/json']?.schema).toEqual({
            $ref: `#/components/schemas/${componentName(spec.schema)}`,
          });
      }
      if (route.method !== 'GET' || route.scope !== null) expect(Object.keys(operation.responses)).toContain('500');
    },
  );

  it('lists no operation that is not in the contract', () => {
    const documented = Object.entries(document.paths).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method} ${path}`),
    );
    expect(documented.sort()).toEqual(routes.map((route) => `${route.method.toLowerCase()} ${route.path}`).sort());
  });

  it('resolves every $ref to a component, and keeps no JSON Schema identity keywords inside components', () => {
    for (const ref of refs(document)) {
      expect(ref.startsWith('#/components/schemas/')).toBe(true);
      expect(document.components.schemas[ref.slice('#/components/schemas/'.length)]).toBeDefined();
    }
    for (const schema of Object.values(document.components.schemas)) {
      expect(schema).not.toHaveProperty('$schema');
      expect(schema).not.toHaveProperty('$id');
    }
  });

  it('describes requests as strictly as they are validated', () => {
    const text = document.components.schemas['SendTextRequest'] as {
      additionalProperties: unknown;
      required: string[];
      properties: Record<string, { maxItems?: number; maxLength?: number }>;
    };
    expect(text.additionalProperties).toBe(false);
    expect([...text.required].sort()).toEqual(['business_type', 'text', 'to']);
    expect(text.properties['to']?.maxItems).toBe(10_000);
    expect(text.properties['text']?.maxLength).toBe(10_000);
    expect(document.components.schemas['SendMessagesRequest']).toEqual({
      anyOf: [{ $ref: '#/components/schemas/SendTextRequest' }, { $ref: '#/components/schemas/SendPairsRequest' }],
      description: 'Either `to` + `text`, or `messages`.',
    });
    // Defaults make a field optional on input.
    expect((document.components.schemas['CreateWebhookRequest'] as { required: string[] }).required).toEqual(['url']);
  });

  it('marks the operator routes as the platform org’s, and says what their 404 means', () => {
    const operator = routes.filter((route) => route.scope === 'operations');
    expect(operator.map((route) => `${route.method} ${route.path}`).sort()).toEqual(
      [
        'DELETE /api/v1/alarm-contacts/{id}',
        'GET /api/v1/alarm-contacts',
        'GET /api/v1/alarms',
        'GET /api/v1/channels',
        'POST /api/v1/alarm-contacts',
      ].sort(),
    );
    for (const route of operator) {
      const operation = document.paths[route.path]?.[route.method.toLowerCase()];
      expect(operation?.tags).toEqual(['operations']);
      expect(operation?.description).toContain('Scope: `operations`; keys of the platform org only.');
      expect((operation?.responses['404'] as { description: string }).description).toMatch(/not the platform org/);
    }
    expect(document.tags.map((tag) => tag['name'])).toContain('operations');
    expect(document.paths['/api/v1/alarm-contacts']?.['post']?.responses['409']).toBeDefined();
    expect(document.paths['/api/v1/channels']?.['get']?.responses['503']).toBeDefined();
    const channel = document.components.schemas['Channel'] as { properties: Record<string, unknown> };
    expect(Object.keys(channel.properties)).not.toContain('secret');
    expect(channel.properties['state']).toMatchObject({
      anyOf: [{ $ref: '#/components/schemas/ChannelState' }, { type: 'null' }],
    });
    const contact = document.components.schemas['CreateAlarmContactRequest'] as {
      additionalProperties: unknown;
      required: string[];
    };
    expect(contact).toMatchObject({ additionalProperties: false, required: ['name', 'phone'] });
  });

  it('carries examples that the schemas themselves accept', () => {
    const exported: unknown[] = Object.values(api);
    const schemas = exported.filter(
      (value): value is z.ZodType => value instanceof z.ZodType && componentName(value) !== undefined,
    );
    let checked = 0;
    for (const schema of schemas) {
      const examples =
        (document.components.schemas[componentName(schema) ?? ''] as { examples?: unknown[] } | undefined)?.examples ??
        [];
      for (const example of examples) {
        expect(schema.safeParse(example).error?.issues ?? []).toEqual([]);
        checked++;
      }
    }
    const documented = Object.values(document.components.schemas).flatMap(
      (schema) => (schema['examples'] as unknown[] | undefined) ?? [],
    );
    expect(checked).toBe(documented.length);
    expect(checked).toBeGreaterThanOrEqual(9);
  });

  it('is served at /api/v1/openapi.json without a key', async () => {
    const response = await getOpenApiDocument(new Request('http://smshub.test/api/v1/openapi.json'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.json()).toEqual(JSON.parse(JSON.stringify(document)));
  });

  it('is mounted by the portal: a route file per path exporting each method', () => {
    const appDir = fileURLToPath(new URL('../../../apps/portal/app', import.meta.url));
    for (const route of routes) {
      const file = `${appDir}${route.path.replace(/\{(\w+)\}/g, '[$1]')}/route.ts`;
      expect(existsSync(file), file).toBe(true);
      const source = readFileSync(file, 'utf8');
      expect(source).toContain(`export const ${route.method} = `);
      expect(source).toContain(`export const runtime = 'nodejs';`);
      expect(source).toContain(`export const dynamic = 'force-dynamic';`);
    }
  });
});
