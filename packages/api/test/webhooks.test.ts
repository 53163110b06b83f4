import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreatedWebhook,
  createWebhook,
  deleteWebhook,
  DeliveryList,
  listWebhookDeliveries,
  listWebhooks,
  WebhookList,
} from '../src/index.js';
import { createApiFixture, errorOf, type ApiFixture } from './api-fixture.js';

describe('webhooks', () => {
  let fx: ApiFixture;
  const keys = {} as Record<'parent' | 'child' | 'other', string>;
  const orgs = {} as Record<'parent' | 'child' | 'other', bigint>;

  beforeAll(async () => {
    fx = await createApiFixture();
    orgs.parent = (await fx.org()).id;
    orgs.child = (await fx.org({ parentId: orgs.parent })).id;
    orgs.other = (await fx.org()).id;
    for (const who of ['parent', 'child', 'other'] as const) keys[who] = await fx.key(orgs[who]);
  });
  afterAll(() => fx?.close());

  const create = (key: string, body: unknown) => fx.call(createWebhook, { path: '/api/v1/webhooks', key, body });
  const list = async (key: string) =>
    WebhookList.parse((await fx.call(listWebhooks, { path: '/api/v1/webhooks', key })).body);

  it('registers an endpoint and shows its secret once', async () => {
    const response = await create(keys.child, { url: 'https://child.example/hook', events: ['message.status'] });
    expect(response.status).toBe(201);
    const created = CreatedWebhook.parse(response.body);
    expect(created).toMatchObject({
      org_id: String(orgs.child),
      url: 'https://child.example/hook',
      events: ['message.status'],
      enabled: true,
    });
    expect(created.secret).toMatch(/^[0-9a-f]{64}$/);
    const stored = await fx.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: BigInt(created.id) } });
    expect(stored.secret).toBe(created.secret);

    const listed = await list(keys.child);
    expect(listed.data.map((w) => w.id)).toContain(created.id);
    expect(JSON.stringify(listed)).not.toContain(created.secret);
  });

  it('defaults to every event, one per POST', async () => {
    const created = CreatedWebhook.parse((await create(keys.other, { url: 'http://other.example/all' })).body);
    expect(created.events).toEqual([]);
    expect(created.delivery).toStrictEqual({ mode: 'single' });
    const stored = await fx.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: BigInt(created.id) } });
    expect(stored.batchMaxEvents).toBeNull();
  });

  it.each([
    { delivery: { mode: 'batch' }, shown: { mode: 'batch', max_events: 100 }, stored: 100 },
    { delivery: { mode: 'batch', max_events: 1 }, shown: { mode: 'batch', max_events: 1 }, stored: 1 },
    { delivery: { mode: 'batch', max_events: 1000 }, shown: { mode: 'batch', max_events: 1000 }, stored: 1000 },
    { delivery: { mode: 'single' }, shown: { mode: 'single' }, stored: null },
  ])('registers delivery $delivery as $shown, and lists it so', async ({ delivery, shown, stored }) => {
    const response = await create(keys.child, { url: 'https://child.example/receipts', delivery });
    expect(response.status).toBe(201);
    const created = CreatedWebhook.parse(response.body);
    expect(created.delivery).toStrictEqual(shown);
    const row = await fx.prisma.webhookEndpoint.findUniqueOrThrow({ where: { id: BigInt(created.id) } });
    expect(row.batchMaxEvents).toBe(stored);
    expect((await list(keys.child)).data.find((w) => w.id === created.id)?.delivery).toStrictEqual(shown);
  });

  const invalidDelivery = [
    { name: 'an unknown mode', delivery: { mode: 'bulk' }, path: 'delivery.mode' },
    { name: 'no mode', delivery: { max_events: 10 }, path: 'delivery.mode' },
    { name: 'not an object', delivery: 'batch', path: 'delivery' },
    { name: 'null', delivery: null, path: 'delivery' },
    { name: 'zero events', delivery: { mode: 'batch', max_events: 0 }, path: 'delivery.max_events' },
    { name: 'over 1000 events', delivery: { mode: 'batch', max_events: 1001 }, path: 'delivery.max_events' },
    { name: 'a fraction', delivery: { mode: 'batch', max_events: 2.5 }, path: 'delivery.max_events' },
    { name: 'a string count', delivery: { mode: 'batch', max_events: '100' }, path: 'delivery.max_events' },
    { name: 'max_events in single mode', delivery: { mode: 'single', max_events: 5 }, path: 'delivery' },
    { name: 'an unknown field', delivery: { mode: 'batch', max_wait_ms: 500 }, path: 'delivery' },
  ];
  it.each(invalidDelivery)('refuses delivery with $name: 400 naming $path', async ({ delivery, path }) => {
    const before = await fx.prisma.webhookEndpoint.count();
    const response = await create(keys.parent, { url: 'https://e.example/hook', delivery });
    expect(response.status).toBe(400);
    const error = errorOf(response);
    expect(error.code).toBe('validation_error');
    expect((error.details as { issues: { path: string }[] }).issues.map((issue) => issue.path)).toStrictEqual([path]);
    expect(error.message).toContain(`invalid body: ${path}: `);
    expect(await fx.prisma.webhookEndpoint.count()).toBe(before);
  });

  const invalid = [
    {
      name: 'an ftp URL',
      body: { url: 'ftp://example.com/x' },
      message: /url: webhook URL must be http:\/\/ or https:\/\//,
    },
    { name: 'not a URL', body: { url: 'example.com' }, message: /url: / },
    {
      name: 'an unknown event',
      body: { url: 'https://e.example', events: ['message.sent'] },
      message: /events\[0\]: /,
    },
    {
      name: 'a repeated event',
      body: { url: 'https://e.example', events: ['mo.received', 'mo.received'] },
      message: /events must not repeat/,
    },
    {
      name: 'an unknown field',
      body: { url: 'https://e.example', secret: 'mine' },
      message: /Unrecognized key: "secret"/,
    },
    // What delivery would refuse is refused here already (one check, @smshub/webhook-guard).
    { name: 'a loopback address', body: { url: 'http://127.0.0.1:6379/' }, message: /url: .*loopback/ },
    { name: 'a loopback name', body: { url: 'http://localhost:5432/' }, message: /url: .*loopback host/ },
    { name: 'cloud metadata', body: { url: 'http://169.254.169.254/latest' }, message: /url: .*private/ },
    { name: 'a private network', body: { url: 'https://10.0.0.8/hook' }, message: /url: .*private/ },
    { name: 'IPv4 inside NAT64', body: { url: 'http://[64:ff9b::7f00:1]/' }, message: /url: .*private/ },
    { name: 'IPv4 inside 6to4', body: { url: 'http://[2002:a00:1::]/' }, message: /url: .*private/ },
    { name: 'credentials', body: { url: 'https://me:secret@e.example/' }, message: /url: .*user name or password/ },
    { name: 'a control character', body: { url: 'https://e.exa\tmple/' }, message: /url: .*control character/ },
  ];
  it.each(invalid)('refuses $name with 400', async ({ body, message }) => {
    const before = await fx.prisma.webhookEndpoint.count();
    const response = await create(keys.parent, body);
    expect(response.status).toBe(400);
    expect(errorOf(response).message).toMatch(message);
    expect(await fx.prisma.webhookEndpoint.count()).toBe(before);
  });

  it('accepts a private target when the platform allows them (demo, tests), never credentials', async () => {
    const deps = fx.deps;
    (fx as { deps: typeof deps }).deps = { ...deps, allowPrivateWebhooks: true };
    try {
      expect((await create(keys.parent, { url: 'http://127.0.0.1:9999/hook' })).status).toBe(201);
      expect((await create(keys.parent, { url: 'http://u:p@127.0.0.1:9999/hook' })).status).toBe(400);
    } finally {
      (fx as { deps: typeof deps }).deps = deps;
    }
  });

  it('refuses a registration body over 64 KiB with 413', async () => {
    const response = await create(keys.parent, { url: `https://e.example/${'a'.repeat(70_000)}` });
    expect(response.status).toBe(413);
  });

  it('lists the endpoints of the org and the orgs below it, not of others', async () => {
    const parentHook = CreatedWebhook.parse((await create(keys.parent, { url: 'https://parent.example/hook' })).body);
    const parentSees = (await list(keys.parent)).data.map((w) => w.org_id);
    expect(new Set(parentSees)).toEqual(new Set([String(orgs.parent), String(orgs.child)]));
    expect((await list(keys.child)).data.map((w) => w.id)).not.toContain(parentHook.id);
    expect((await list(keys.other)).data.every((w) => w.org_id === String(orgs.other))).toBe(true);
  });

  it('deletes an endpoint it may see, and 404s one it may not', async () => {
    const hook = CreatedWebhook.parse((await create(keys.child, { url: 'https://child.example/old' })).body);
    const path = `/api/v1/webhooks/${hook.id}`;
    expect(errorOf(await fx.call(deleteWebhook, { method: 'DELETE', path, key: keys.other })).code).toBe('not_found');
    const deleted = await fx.call(deleteWebhook, { method: 'DELETE', path, key: keys.parent });
    expect(deleted.status).toBe(204);
    expect(deleted.body).toBeNull();
    expect(await fx.prisma.webhookEndpoint.findUnique({ where: { id: BigInt(hook.id) } })).toBeNull();
    expect((await fx.call(deleteWebhook, { method: 'DELETE', path, key: keys.parent })).status).toBe(404);
  });

  describe('delivery log', () => {
    let hookId: string;
    beforeAll(async () => {
      hookId = CreatedWebhook.parse((await create(keys.child, { url: 'https://child.example/log' })).body).id;
      const base = Date.parse('2026-11-21T08:00:00.000Z');
      await fx.prisma.webhookDelivery.createMany({
        data: Array.from({ length: 7 }, (_, i) => ({
          endpointId: BigInt(hookId),
          event: i % 2 === 0 ? 'message.status' : 'mo.received',
          payload: { n: i },
          status: i === 6 ? ('pending' as const) : i % 3 === 0 ? ('failed' as const) : ('delivered' as const),
          attempts: i,
          lastStatusCode: i === 6 ? null : i % 3 === 0 ? 500 : 200,
          lastError: i % 3 === 0 && i !== 6 ? 'HTTP 500' : null,
          // Two rows share a creation time: the cursor must still not skip or repeat one.
          createdAt: new Date(base + Math.min(i, 5) * 1000),
          deliveredAt: i % 3 === 0 ? null : new Date(base + i * 1000 + 500),
        })),
      });
    });

    const deliveries = async (key: string, query = '') =>
      fx.call(listWebhookDeliveries, { path: `/api/v1/webhooks/${hookId}/deliveries${query}`, key });

    it('shows each delivery: event, status, attempts, last status code and error, times', async () => {
      const response = await deliveries(keys.child);
      expect(response.status).toBe(200);
      const log = DeliveryList.parse(response.body);
      expect(log.data).toHaveLength(7);
      expect(log.data.map((d) => d.attempts)).toEqual([6, 5, 4, 3, 2, 1, 0]);
      expect(log.data[3]).toMatchObject({
        event: 'mo.received',
        status: 'failed',
        attempts: 3,
        last_status_code: 500,
        last_error: 'HTTP 500',
        delivered_at: null,
      });
      expect(log.data[4]).toMatchObject({
        event: 'message.status',
        status: 'delivered',
        last_status_code: 200,
        delivered_at: '2026-11-21T08:00:02.500Z',
      });
      expect(JSON.stringify(log)).not.toContain('payload');
    });

    it('pages with a cursor without skipping or repeating rows of the same time', async () => {
      const seen: number[] = [];
      let cursor: string | null = null;
      do {
        const page: DeliveryList = DeliveryList.parse(
          (await deliveries(keys.parent, `?limit=2${cursor === null ? '' : `&cursor=${cursor}`}`)).body,
        );
        seen.push(...page.data.map((d) => d.attempts));
        cursor = page.next_cursor;
      } while (cursor !== null);
      expect(seen).toEqual([6, 5, 4, 3, 2, 1, 0]);
    });

    it('filters by status', async () => {
      const failed = DeliveryList.parse((await deliveries(keys.child, '?status=failed')).body);
      expect(failed.data.map((d) => d.attempts)).toEqual([3, 0]);
      expect((await deliveries(keys.child, '?status=lost')).status).toBe(400);
    });

    it('is 404 to orgs that may not see the endpoint', async () => {
      const response = await deliveries(keys.other);
      expect(response.status).toBe(404);
      expect(errorOf(response).message).toBe(`webhook ${hookId} not found`);
    });
  });
});
