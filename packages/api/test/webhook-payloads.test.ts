import {
  buildMessageStatusPayload,
  buildMoReceivedPayload,
  claimDueRequests,
  insertWebhookEvents,
  MESSAGE_ERROR_CODES,
  MessageStatus,
  raiseAlarm,
  storeMo,
  WEBHOOK_BATCH_MAX_EVENTS,
  WEBHOOK_EVENT_NAMES,
  type WebhookEvent,
} from '@smshub/db';
import { buildWebhookRequest } from '@smshub/webhooks/request';
import type { z } from 'zod';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  buildOpenApiDocument,
  MessageErrorCode,
  MessageStatusEventData,
  MoReceivedEventData,
  WEBHOOK_EVENT_SCHEMAS,
  WebhookBatch,
} from '../src/index.js';
import { createApiFixture, type ApiFixture } from './api-fixture.js';

/**
 * The OpenAPI document declares what smshub POSTs (`webhooks`) and the message error codes; here
 * both are held to what the outbox (packages/db/src/store/webhooks.ts) stores and the webhooks
 * worker (workers/webhooks, buildWebhookRequest) POSTs, one event per body or a batch of them.
 * The schemas are strict: a field the outbox or the worker adds without declaring it fails too.
 */
describe('webhook payloads and message error codes in the OpenAPI document', () => {
  const document = buildOpenApiDocument();

  it('declares a webhook for every event and for a batch of them, each body a component', () => {
    const events = [...WEBHOOK_EVENT_NAMES, 'channel.alarm'];
    expect(Object.keys(document.webhooks).sort()).toEqual([...events, 'batch'].sort());
    const bodyOf = (name: string) => {
      const body = document.webhooks[name]?.['post']?.requestBody as {
        content: Record<string, { schema: { $ref: string } }>;
      };
      const ref = body.content['application/json']?.schema.$ref ?? '';
      const schema = document.components.schemas[ref.replace('#/components/schemas/', '')];
      expect(schema, `${name} → ${ref}`).toBeDefined();
      return JSON.stringify(schema);
    };
    for (const event of events) expect(bodyOf(event)).toContain(`"const":"${event}"`);
    // A batch holds any of the events, each by its own component.
    const batch = bodyOf('batch');
    for (const id of ['MessageStatusEvent', 'MoReceivedEvent', 'ChannelAlarmEvent'])
      expect(batch).toContain(`"$ref":"#/components/schemas/${id}"`);
    expect(batch).toContain(`"maxItems":${WEBHOOK_BATCH_MAX_EVENTS}`);
  });

  it('lists exactly the table’s message error codes, with their meanings, for messages and payloads', () => {
    const schema = document.components.schemas['MessageErrorCode'] as { enum: string[]; description: string };
    expect(schema.enum).toEqual(MESSAGE_ERROR_CODES);
    for (const code of MESSAGE_ERROR_CODES) expect(schema.description).toContain(`\`${code}\``);
    const refs = (id: string) => JSON.stringify(document.components.schemas[id]);
    expect(refs('Message')).toContain('"error_code":{"anyOf":[{"$ref":"#/components/schemas/MessageErrorCode"}');
    expect(refs('MessageStatusEventData')).toContain('#/components/schemas/MessageErrorCode');
  });

  it('message.status: every status and error code the outbox can build validates', () => {
    for (const status of Object.values(MessageStatus))
      for (const errorCode of [null, ...MESSAGE_ERROR_CODES]) {
        const data = buildMessageStatusPayload({
          messageId: 90211n,
          orgId: 12n,
          campaignId: status === 'failed' ? null : 311n,
          clientRef: status === 'delivered' ? 'login-7f3a' : null,
          recipient: '13800138000',
          status,
          errorCode,
          segmentCount: 2,
          price: 80n,
          submittedAt: status === 'failed' ? null : new Date('2026-11-21T08:30:00.412Z'),
          finalAt: new Date('2026-11-21T08:30:03.020Z'),
        });
        expect(MessageStatusEventData.safeParse(data).error).toBeUndefined();
        const envelope = { id: '5521', event: 'message.status', created_at: '2026-11-21T08:30:03.020Z', data };
        expect(WEBHOOK_EVENT_SCHEMAS['message.status'].safeParse(envelope).error).toBeUndefined();
      }
  });

  it('a batch refuses what is not declared: no events, an unknown event, an extra field anywhere', () => {
    const event = {
      id: '5521',
      event: 'mo.received',
      created_at: '2026-11-21T08:30:03.020Z',
      data: buildMoReceivedPayload({
        moId: 1n,
        orgId: 2n,
        fromNumber: '13800138000',
        toNumber: '10690000001',
        text: 'hi',
        keyword: null,
        receivedAt: new Date('2026-11-21T08:30:03.020Z'),
      }),
    };
    expect(WebhookBatch.safeParse({ events: [event] }).error).toBeUndefined();
    expect(WebhookBatch.safeParse({ events: [] }).success).toBe(false);
    expect(WebhookBatch.safeParse({ events: [{ ...event, event: 'mo.sent' }] }).success).toBe(false);
    expect(WebhookBatch.safeParse({ events: [{ ...event, extra: 1 }] }).success).toBe(false);
    expect(WebhookBatch.safeParse({ events: [event], count: 1 }).success).toBe(false);
    expect(WebhookBatch.safeParse({ events: Array(WEBHOOK_BATCH_MAX_EVENTS + 1).fill(event) }).success).toBe(false);
  });

  it('refuses what is not declared: an unknown error code, an extra field', () => {
    expect(MessageErrorCode.safeParse('UNDELIV').success).toBe(false);
    const data = buildMoReceivedPayload({
      moId: 1n,
      orgId: 2n,
      fromNumber: '13800138000',
      toNumber: '10690000001',
      text: 'hi',
      keyword: null,
      receivedAt: new Date(),
    });
    expect(MoReceivedEventData.safeParse({ ...data, extra: 1 }).success).toBe(false);
  });

  describe('as stored in the outbox and POSTed by the worker', () => {
    let fx: ApiFixture;
    beforeAll(async () => {
      fx = await createApiFixture();
    });
    afterAll(() => fx?.close());
    beforeEach(async () => {
      await fx.prisma.webhookDelivery.deleteMany();
      await fx.prisma.webhookEndpoint.deleteMany();
    });

    /** A single-mode and a batch-mode endpoint of the org, subscribed to every event. */
    async function endpoints(orgId: bigint): Promise<void> {
      await fx.prisma.webhookEndpoint.createMany({
        data: [
          { orgId, url: 'https://example.com/one', secret: 's', events: [] },
          { orgId, url: 'https://example.com/many', secret: 's', events: [], batchMaxEvents: 3 },
        ],
      });
    }

    /**
     * Every request the worker would POST for what is queued now, each body parsed and held to its
     * schema: the event's own in single mode, WebhookBatch in batch mode. Returns the events seen,
     * per mode.
     */
    async function expectDeclaredBodies(expected: number): Promise<{ single: string[]; batch: string[] }> {
      const requests = [];
      for (;;) {
        const claim = await claimDueRequests(fx.pool, { limit: 100, lockMs: 60_000, window: 1000 });
        if (claim.requests.length === 0) break;
        requests.push(...claim.requests);
      }
      const seen = { single: [] as string[], batch: [] as string[] };
      for (const request of requests) {
        const body: unknown = JSON.parse(buildWebhookRequest(request, new Date()).body.toString('utf8'));
        if (request.target.batchMaxEvents === null) {
          const event = (body as { event: keyof typeof WEBHOOK_EVENT_SCHEMAS }).event;
          const schema: z.ZodType = WEBHOOK_EVENT_SCHEMAS[event];
          expect(schema, `a schema for ${event}`).toBeDefined();
          expect(schema.safeParse(body).error).toBeUndefined();
          seen.single.push(event);
        } else {
          const parsed = WebhookBatch.safeParse(body);
          expect(parsed.error).toBeUndefined();
          expect(parsed.data?.events.length).toBeLessThanOrEqual(request.target.batchMaxEvents);
          seen.batch.push(...(parsed.data?.events ?? []).map((event) => event.event));
        }
      }
      expect(seen.single).toHaveLength(expected);
      expect(seen.batch).toHaveLength(expected);
      return seen;
    }

    it('message.status: what the outbox stores for every status and error code validates, alone and batched', async () => {
      const org = await fx.org();
      await endpoints(org.id);
      const events: WebhookEvent[] = [];
      for (const status of Object.values(MessageStatus))
        for (const errorCode of [null, ...MESSAGE_ERROR_CODES])
          events.push({
            orgId: org.id,
            event: 'message.status',
            payload: buildMessageStatusPayload({
              messageId: BigInt(90211 + events.length),
              orgId: org.id,
              campaignId: status === 'failed' ? null : 311n,
              clientRef: status === 'delivered' ? 'login-7f3a' : null,
              recipient: '13800138000',
              status,
              errorCode,
              segmentCount: 2,
              price: 80n,
              submittedAt: status === 'failed' ? null : new Date('2026-11-21T08:30:00.412Z'),
              finalAt: new Date('2026-11-21T08:30:03.020Z'),
              attempts: [
                {
                  attempt: 1,
                  channel_id: '3',
                  status: 'undelivered',
                  error_code: 'UNDELIVERED',
                  report_code: 'MK:0024',
                  submitted_at: '2026-11-21T08:29:58.000Z',
                  final_at: '2026-11-21T08:29:59.000Z',
                },
              ],
            }),
          });
      await insertWebhookEvents(fx.pool, events);
      await expectDeclaredBodies(events.length);
    });

    it('mo.received: the payload storeMo writes to webhook_deliveries validates, alone and batched', async () => {
      const org = await fx.org();
      await endpoints(org.id);
      const channel = await fx.channel();
      await storeMo(fx.pool, [
        {
          channelId: channel.id,
          from: '13800138000',
          to: `${channel.spNumber}${org.extensionCode}`,
          text: 'TD',
          encoding: 'ucs2',
          receivedAt: new Date(),
        },
        {
          channelId: channel.id,
          from: '13900139000',
          to: `${channel.spNumber}${org.extensionCode}7`,
          text: '你好',
          encoding: 'ucs2',
          receivedAt: new Date(),
        },
      ]);
      expect(await expectDeclaredBodies(2)).toStrictEqual({
        single: ['mo.received', 'mo.received'],
        batch: ['mo.received', 'mo.received'],
      });
    });

    it('channel.alarm: the payload raiseAlarm writes for the platform org validates, alone and batched', async () => {
      await endpoints(fx.platform.id);
      const channel = await fx.channel({ name: 'alarm-channel' });
      await raiseAlarm(
        fx.pool,
        { kind: 'channel_down', channelId: channel.id, carrierCode: null, reason: 'no answer for 5 s' },
        () => [],
      );
      await raiseAlarm(
        fx.pool,
        { kind: 'carrier_unreachable', channelId: null, carrierCode: 'CTCC', reason: 'every CTCC channel is down' },
        () => [],
      );
      expect(await expectDeclaredBodies(2)).toStrictEqual({
        single: ['channel.alarm', 'channel.alarm'],
        batch: ['channel.alarm', 'channel.alarm'],
      });
    });
  });
});
