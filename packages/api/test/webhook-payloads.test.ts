import {
  buildMessageStatusPayload,
  buildMoReceivedPayload,
  MESSAGE_ERROR_CODES,
  MessageStatus,
  raiseAlarm,
  storeMo,
  WEBHOOK_EVENT_NAMES,
} from '@smshub/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildOpenApiDocument,
  MessageErrorCode,
  MessageStatusEventData,
  MoReceivedEventData,
  WEBHOOK_EVENT_SCHEMAS,
} from '../src/index.js';
import { createApiFixture, type ApiFixture } from './api-fixture.js';

/**
 * The OpenAPI document declares what smshub POSTs (`webhooks`) and the message error codes; here
 * both are held to what the outbox (packages/db/src/store/webhooks.ts) actually builds and stores.
 * The schemas are strict: a field the outbox adds without declaring it fails too.
 */
describe('webhook payloads and message error codes in the OpenAPI document', () => {
  const document = buildOpenApiDocument();

  it('declares a webhook for every event, its body a component', () => {
    const events = [...WEBHOOK_EVENT_NAMES, 'channel.alarm'];
    expect(Object.keys(document.webhooks).sort()).toEqual(events.sort());
    for (const event of events) {
      const body = document.webhooks[event]?.['post']?.requestBody as {
        content: Record<string, { schema: { $ref: string } }>;
      };
      const ref = body.content['application/json']?.schema.$ref ?? '';
      const id = ref.replace('#/components/schemas/', '');
      expect(document.components.schemas[id], `${event} → ${ref}`).toBeDefined();
      expect(JSON.stringify(document.components.schemas[id])).toContain(`"const":"${event}"`);
    }
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

  describe('as stored in the outbox', () => {
    let fx: ApiFixture;
    beforeAll(async () => {
      fx = await createApiFixture();
    });
    afterAll(() => fx?.close());

    it('mo.received: the payload storeMo writes to webhook_deliveries validates', async () => {
      const org = await fx.org();
      await fx.prisma.webhookEndpoint.create({
        data: { orgId: org.id, url: 'https://example.com/hook', secret: 's', events: [] },
      });
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
      const stored = await fx.prisma.webhookDelivery.findMany({ where: { event: 'mo.received' } });
      expect(stored).toHaveLength(2);
      for (const delivery of stored) {
        const envelope = {
          id: String(delivery.id),
          event: delivery.event,
          created_at: delivery.createdAt.toISOString(),
          data: delivery.payload,
        };
        expect(WEBHOOK_EVENT_SCHEMAS['mo.received'].safeParse(envelope).error).toBeUndefined();
      }
    });

    it('channel.alarm: the payload raiseAlarm writes for the platform org validates', async () => {
      await fx.prisma.webhookEndpoint.create({
        data: { orgId: fx.platform.id, url: 'https://ops.example.com/hook', secret: 's', events: [] },
      });
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
      const stored = await fx.prisma.webhookDelivery.findMany({ where: { event: 'channel.alarm' } });
      expect(stored).toHaveLength(2);
      for (const delivery of stored) {
        const envelope = {
          id: String(delivery.id),
          event: delivery.event,
          created_at: delivery.createdAt.toISOString(),
          data: delivery.payload,
        };
        expect(WEBHOOK_EVENT_SCHEMAS['channel.alarm'].safeParse(envelope).error).toBeUndefined();
      }
    });
  });
});
