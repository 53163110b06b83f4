import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAlarmContact,
  createWebhook,
  listMessages,
  listWebhookDeliveries,
  sendMessages,
  type ApiHandler,
} from '../src/index.js';
import { createApiFixture, errorOf, storedRows, type ApiFixture } from './api-fixture.js';

/**
 * Input PostgreSQL cannot store must be refused as bad input (400 naming the field), not reach a
 * query and come back as a 500: U+0000 in any string of any body, and cursors whose position is
 * outside what a timestamp can hold.
 */
describe('input PostgreSQL cannot hold', () => {
  let fx: ApiFixture;
  let key: string;
  let orgId: bigint;
  let operatorKey: string;
  beforeAll(async () => {
    fx = await createApiFixture();
    const org = await fx.org({ balance: 1_000n });
    orgId = org.id;
    key = await fx.key(org.id);
    operatorKey = await fx.key(fx.platform.id, { scopes: ['operations'] });
  });
  afterAll(() => fx?.close());

  const nul = 'a\u0000b';
  const send = { business_type: 'notification', to: ['13800138000'], text: 'hi' };
  const cases: { name: string; handler: ApiHandler; path: string; operator?: boolean; body: unknown; at: string }[] = [
    { name: 'text', handler: sendMessages, path: '/api/v1/messages', body: { ...send, text: nul }, at: 'text' },
    {
      name: 'business_type',
      handler: sendMessages,
      path: '/api/v1/messages',
      body: { ...send, business_type: nul },
      at: 'business_type',
    },
    {
      name: 'a recipient',
      handler: sendMessages,
      path: '/api/v1/messages',
      body: { ...send, to: ['13800138000', `1380013800${nul}`] },
      at: 'to[1]',
    },
    {
      name: 'client_ref',
      handler: sendMessages,
      path: '/api/v1/messages',
      body: { ...send, client_ref: nul },
      at: 'client_ref',
    },
    {
      name: 'a pair’s text',
      handler: sendMessages,
      path: '/api/v1/messages',
      body: { business_type: 'notification', messages: [{ to: '13800138000', text: `x${nul}` }] },
      at: 'messages[0].text',
    },
    {
      name: 'a key',
      handler: sendMessages,
      path: '/api/v1/messages',
      body: { ...send, [`x${nul}`]: 1 },
      at: 'xa\\u0000b',
    },
    {
      name: 'a webhook URL',
      handler: createWebhook,
      path: '/api/v1/webhooks',
      body: { url: `https://example.com/${nul}` },
      at: 'url',
    },
    {
      name: 'an alarm contact’s name',
      handler: createAlarmContact,
      path: '/api/v1/alarm-contacts',
      operator: true,
      body: { name: nul, phone: '13800138000' },
      at: 'name',
    },
  ];

  it.each(cases)('refuses U+0000 in $name with 400 naming $at', async ({ handler, path, operator, body, at }) => {
    const before = await storedRows(fx.prisma, orgId);
    const response = await fx.call(handler, { path, key: operator === true ? operatorKey : key, body });
    expect(response.status).toBe(400);
    const error = errorOf(response);
    expect(error.code).toBe('validation_error');
    expect(error.message).toContain(`${at}: `);
    expect(error.message).toMatch(/U\+0000/);
    expect(error.details).toMatchObject({ part: 'body', issues: [{ path: at }] });
    expect(await storedRows(fx.prisma, orgId)).toEqual(before);
  });

  const lateCursor = (millis: string, id = '1') => Buffer.from(`${millis}.${id}`).toString('base64url');
  // 8.64e15 ms is the last instant a JavaScript Date holds; the decimal digits allowed go far beyond.
  const cursors = ['8640000000000001', '9223372036854775807', '99999999999999999'];

  it.each(cursors)('GET /messages with a cursor at %s ms → 400 invalid_cursor', async (millis) => {
    const response = await fx.call(listMessages, { path: `/api/v1/messages?cursor=${lateCursor(millis)}`, key });
    expect(response.status).toBe(400);
    expect(errorOf(response).code).toBe('invalid_cursor');
  });

  it.each(cursors)('GET /webhooks/{id}/deliveries with a cursor at %s ms → 400 invalid_cursor', async (millis) => {
    const hook = await fx.prisma.webhookEndpoint.create({
      data: { orgId, url: 'https://example.com/hook', secret: 's', events: [] },
    });
    const hooksKey = await fx.key(orgId, { scopes: ['webhooks:manage'] });
    const response = await fx.call(listWebhookDeliveries, {
      path: `/api/v1/webhooks/${hook.id}/deliveries?cursor=${lateCursor(millis)}`,
      key: hooksKey,
    });
    expect(response.status).toBe(400);
    expect(errorOf(response).code).toBe('invalid_cursor');
  });
});
