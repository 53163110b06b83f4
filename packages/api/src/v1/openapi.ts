import { z } from 'zod';
import { contract, PLATFORM_SCOPES, type RouteSpec } from './contract.js';
import { apiSchemas, MAX_RECIPIENTS, WEBHOOK_EVENT_SCHEMAS, WebhookBatch } from './schemas.js';

/**
 * The OpenAPI 3.1 document of API v1, generated from the contract and the same zod schemas that
 * validate requests (zod 4's JSON Schema output is draft 2020-12, which is OpenAPI 3.1's dialect).
 * Request schemas are rendered as the input they accept (defaults make fields optional), response
 * schemas as the output they promise.
 */

export type JsonSchema = { [key: string]: unknown };

export interface OpenApiOperation {
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly security?: readonly Record<string, readonly string[]>[];
  readonly parameters?: readonly JsonSchema[];
  readonly requestBody?: JsonSchema;
  readonly responses: Record<string, JsonSchema>;
}

export interface OpenApiDocument {
  readonly openapi: '3.1.0';
  readonly info: JsonSchema;
  readonly servers: readonly JsonSchema[];
  readonly security: readonly Record<string, readonly string[]>[];
  readonly tags: readonly JsonSchema[];
  readonly paths: Record<string, Record<string, OpenApiOperation>>;
  /** What smshub POSTs to a customer's endpoint, per event (OpenAPI 3.1 `webhooks`). */
  readonly webhooks: Record<string, Record<string, OpenApiOperation>>;
  readonly components: {
    readonly schemas: Record<string, JsonSchema>;
    readonly securitySchemes: Record<string, JsonSchema>;
  };
}

const COMPONENTS = '#/components/schemas/';
const SECURITY_SCHEME = 'apiKey';

export function buildOpenApiDocument(): OpenApiDocument {
  const settings = {
    uri: (id: string) => `${COMPONENTS}${id}`,
    unrepresentable: 'any' as const,
    override: tidy,
  };
  const inputs = z.toJSONSchema(apiSchemas, { ...settings, io: 'input' }).schemas as Record<string, JsonSchema>;
  const outputs = z.toJSONSchema(apiSchemas, { ...settings, io: 'output' }).schemas as Record<string, JsonSchema>;

  const routes: readonly RouteSpec[] = Object.values(contract);
  const requestBodies = new Set<string>();
  const queries = new Set<string>();
  for (const route of routes) {
    if (route.body !== undefined) requestBodies.add(componentId(route.body));
    if (route.query !== undefined) queries.add(componentId(route.query));
  }
  // Whatever a request body refers to is request-side too.
  const requestSide = closure(requestBodies, inputs);

  const schemas: Record<string, JsonSchema> = {};
  for (const id of Object.keys(outputs)) {
    if (queries.has(id)) continue; // rendered as parameters instead
    schemas[id] = withoutSchemaIdentity(requestSide.has(id) ? (inputs[id] as JsonSchema) : (outputs[id] as JsonSchema));
  }

  const paths: Record<string, Record<string, OpenApiOperation>> = {};
  for (const route of routes) {
    const operations = (paths[route.path] ??= {});
    operations[route.method.toLowerCase()] = operation(route, inputs);
  }

  const webhooks: Record<string, Record<string, OpenApiOperation>> = {};
  for (const [event, schema] of Object.entries(WEBHOOK_EVENT_SCHEMAS)) {
    webhooks[event] = {
      post: {
        operationId: `webhook.${event}`,
        summary: `The ${event} event`,
        description:
          'POSTed to every enabled endpoint of the org subscribed to this event, signed in the `smshub-signature` header (HMAC-SHA256 with the endpoint’s secret); ' +
          'to an endpoint in delivery mode batch, inside a `batch` body instead. ' +
          'Any 2xx counts as delivered; anything else (or no answer in time) is retried for 24 hours. The body is the same on every attempt: deduplicate on `id`.',
        tags: ['webhooks'],
        requestBody: { required: true, content: { 'application/json': { schema: reference(schema) } } },
        responses: { '2XX': { description: 'Delivered.' } },
      },
    };
  }
  webhooks['batch'] = {
    post: {
      operationId: 'webhook.batch',
      summary: 'Several events in one POST (delivery mode batch)',
      description:
        'POSTed to an endpoint registered with `delivery: {"mode": "batch", "max_events": n}`: the events due for it, up to n, each exactly the body single mode would send. ' +
        'Signed as a whole, as single mode signs its body; the header `smshub-batch-size` says how many events it holds. ' +
        'A 2xx counts as delivered for every event in it; anything else (or no answer in time) retries the whole batch, its events together, for 24 hours. Deduplicate on each event’s `id`.',
      tags: ['webhooks'],
      requestBody: { required: true, content: { 'application/json': { schema: reference(WebhookBatch) } } },
      responses: { '2XX': { description: 'Every event in the batch delivered.' } },
    },
  };

  return {
    openapi: '3.1.0',
    info: {
      title: 'smshub API',
      version: '1.0.0',
      description:
        `Send SMS to Chinese and international numbers (up to ${MAX_RECIPIENTS} recipients per call), follow their status, and manage webhooks. ` +
        'Authenticate with `Authorization: Bearer sk_…`. Errors are `{"error": {"code", "message", "details", "request_id"}}`. ' +
        'Ids are decimal strings; money is a decimal string in yuan (`price`) and the same amount as an integer in li (`price_li`, 1 li = 0.001 yuan).',
    },
    servers: [{ url: '/' }],
    security: [{ [SECURITY_SCHEME]: [] }],
    tags: [
      { name: 'messages', description: 'Sending and reading messages.' },
      { name: 'campaigns', description: 'Every send call is a campaign.' },
      {
        name: 'webhooks',
        description: 'Where message.status and mo.received events are POSTed, and the log of those POSTs.',
      },
      { name: 'billing', description: 'The balance and the ledger of every change to it.' },
      {
        name: 'operations',
        description: 'For the platform’s operators: alarms, who is told of them, channels and their live state.',
      },
      { name: 'meta', description: 'This document.' },
    ],
    paths,
    webhooks,
    components: {
      schemas,
      securitySchemes: {
        [SECURITY_SCHEME]: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'sk_<8 characters>_<32 characters>',
          description:
            'An API key from the portal. Keys may be limited to scopes (messages:send, messages:read, webhooks:manage, billing:read, operations) and to IP addresses.',
        },
      },
    },
  };
}

function operation(route: RouteSpec, inputs: Record<string, JsonSchema>): OpenApiOperation {
  const parameters: JsonSchema[] = [];
  if (route.params !== undefined)
    parameters.push(...parametersOf(z.toJSONSchema(route.params, { io: 'input' }) as JsonSchema, 'path'));
  if (route.query !== undefined)
    parameters.push(...parametersOf(inputs[componentId(route.query)] as JsonSchema, 'query'));

  const responses: Record<string, JsonSchema> = {};
  for (const [status, spec] of Object.entries(route.responses)) {
    responses[status] = {
      description: spec.description,
      ...(spec.headers === undefined
        ? {}
        : {
            headers: Object.fromEntries(
              Object.entries(spec.headers).map(([name, description]) => [
                name,
                { description, schema: { type: 'string' } },
              ]),
            ),
          }),
      ...(spec.schema === undefined ? {} : { content: { 'application/json': { schema: reference(spec.schema) } } }),
    };
  }

  const scope =
    route.scope === null
      ? 'No API key needed.'
      : PLATFORM_SCOPES.has(route.scope)
        ? `Scope: \`${route.scope}\`; keys of the platform org only.`
        : `Scope: \`${route.scope}\`.`;
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: route.description === undefined ? scope : `${route.description}\n\n${scope}`,
    tags: [route.tag],
    ...(route.scope === null ? { security: [] } : {}),
    ...(parameters.length === 0 ? {} : { parameters }),
    ...(route.body === undefined
      ? {}
      : { requestBody: { required: true, content: { 'application/json': { schema: reference(route.body) } } } }),
    responses,
  };
}

function parametersOf(object: JsonSchema, where: 'path' | 'query'): JsonSchema[] {
  const properties = (object['properties'] ?? {}) as Record<string, JsonSchema>;
  const required = new Set((object['required'] ?? []) as string[]);
  return Object.entries(properties).map(([name, schema]) => {
    const { description, ...rest } = schema;
    return {
      name,
      in: where,
      required: where === 'path' || required.has(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: withoutSchemaIdentity(rest),
    };
  });
}

function componentId(schema: z.ZodType): string {
  const id = apiSchemas.get(schema)?.id;
  if (id === undefined)
    throw new Error('openapi: a request or response schema in the contract is not registered in apiSchemas');
  return id;
}

function reference(schema: z.ZodType): JsonSchema {
  return { $ref: `${COMPONENTS}${componentId(schema)}` };
}

/** Ids reachable through $ref from `roots`. */
function closure(roots: ReadonlySet<string>, schemas: Record<string, JsonSchema>): Set<string> {
  const seen = new Set<string>();
  const pending = [...roots];
  while (pending.length > 0) {
    const id = pending.pop() as string;
    if (seen.has(id)) continue;
    seen.add(id);
    const text = JSON.stringify(schemas[id] ?? {});
    for (let at = text.indexOf(`"$ref":"${COMPONENTS}`); at >= 0; at = text.indexOf(`"$ref":"${COMPONENTS}`, at + 1)) {
      const start = at + `"$ref":"${COMPONENTS}`.length;
      pending.push(text.slice(start, text.indexOf('"', start)));
    }
  }
  return seen;
}

/** `$schema` and a fragment `$id` are not valid inside OpenAPI components. */
function withoutSchemaIdentity(schema: JsonSchema): JsonSchema {
  const { $schema: _schema, $id: _id, ...rest } = schema;
  return rest;
}

/**
 * zod spells out the date-time format as a long regular expression too (`format` says it), and
 * bounds every integer by JavaScript's safe range, which says nothing to an API reader.
 */
function tidy(context: { jsonSchema: JsonSchema }): void {
  const schema = context.jsonSchema;
  if (schema['format'] === 'date-time') delete schema['pattern'];
  if (schema['minimum'] === Number.MIN_SAFE_INTEGER) delete schema['minimum'];
  if (schema['maximum'] === Number.MAX_SAFE_INTEGER) delete schema['maximum'];
}
