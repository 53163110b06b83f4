import {
  AlarmKind,
  CampaignKind,
  CampaignStatus,
  ChannelProtocol,
  ChannelRole,
  MESSAGE_ERROR_CODES,
  MESSAGE_ERRORS,
  MessageStatus,
  WEBHOOK_BATCH_DEFAULT_EVENTS,
  WEBHOOK_BATCH_MAX_EVENTS,
  WEBHOOK_EVENT_NAMES,
  WebhookDeliveryStatus,
} from '@smshub/db';
import { normalizeNumber } from '@smshub/sms';
import { MAX_WEBHOOK_URL_LENGTH } from '@smshub/webhook-guard';
import { z } from 'zod';
import { API_ERROR_CODES } from './api-error.js';

/**
 * The wire format of API v1, once: these zod schemas validate every request, and the OpenAPI
 * document is generated from them (openapi.ts), so the two cannot disagree. Field names are
 * snake_case; ids are decimal strings (they are 64-bit); times are ISO 8601 in UTC; money is a
 * decimal string in yuan ("0.035") plus the same amount as an integer in li (35).
 */

/** Named schemas become components of the OpenAPI document under their id. */
export const apiSchemas = z.registry<{ id: string }>();

/** Names a schema for the OpenAPI document; description and examples go where zod keeps metadata. */
function component<T extends z.ZodType>(
  id: string,
  schema: T,
  meta: { description?: string; examples?: unknown[] } = {},
): T {
  const described = schema.meta(meta);
  apiSchemas.add(described, { id });
  return described;
}

export const MAX_RECIPIENTS = 10_000;
/** Unicode characters (code points), as JSON Schema's maxLength counts them. */
export const MAX_TEXT_CHARACTERS = 10_000;
/** A recipient longer than this is not a typo of a phone number; shorter nonsense is rejected per recipient. */
export const MAX_RECIPIENT_LENGTH = 256;
/** Scheduling further ahead than this is almost always a mistaken year. */
export const MAX_SCHEDULE_DAYS = 30;

const INT8_MAX = '9223372036854775807';

export const ResourceId = z
  .string()
  .regex(/^[1-9][0-9]{0,18}$/, { error: 'must be a decimal id', abort: true })
  // Same length decimal strings without leading zeros compare like the numbers they spell.
  .refine((id) => id.length < INT8_MAX.length || id <= INT8_MAX, 'must be a decimal id')
  .meta({ description: 'A decimal id (64-bit, so a string).', examples: ['1024'] });

const Timestamp = z.iso.datetime().meta({ description: 'ISO 8601, UTC.', examples: ['2026-11-21T08:30:00.000Z'] });
const Yuan = z.string().meta({ description: 'Yuan as a decimal string with three places (li).', examples: ['0.035'] });
const Li = z
  .number()
  .int()
  .meta({ description: 'The same amount in li (1/1000 yuan).', examples: [35] });

/**
 * A text as the caller wrote it. Bounded first by UTF-16 length (cheap, and aborts before a
 * megabyte is walked), then counted in code points and checked for lone surrogates, which no
 * encoding can send.
 */
const MessageText = z
  .string()
  .max(2 * MAX_TEXT_CHARACTERS, { error: `a text has at most ${MAX_TEXT_CHARACTERS} characters`, abort: true })
  .superRefine((text, ctx) => {
    let characters = 0;
    for (let i = 0; i < text.length; i++) {
      const unit = text.charCodeAt(i);
      if (unit >= 0xd800 && unit <= 0xdbff) {
        const next = text.charCodeAt(i + 1);
        if (!(next >= 0xdc00 && next <= 0xdfff)) {
          ctx.addIssue({ code: 'custom', message: `lone UTF-16 surrogate at position ${i}: not a character` });
          return;
        }
        i++;
      } else if (unit >= 0xdc00 && unit <= 0xdfff) {
        ctx.addIssue({ code: 'custom', message: `lone UTF-16 surrogate at position ${i}: not a character` });
        return;
      }
      characters++;
    }
    if (characters > MAX_TEXT_CHARACTERS) {
      ctx.addIssue({
        code: 'custom',
        message: `a text has at most ${MAX_TEXT_CHARACTERS} characters, got ${characters}`,
      });
    }
  })
  .meta({
    maxLength: MAX_TEXT_CHARACTERS,
    description:
      'The text, signature included (【签名】…), stored and sent as given. Empty or blank: that recipient is rejected (empty_text). ' +
      'Chinese carriers bill 70 characters per message, 67 per part of a long one; international numbers 160/153 when GSM 7-bit fits.',
    examples: ['【示例】您的验证码是 583920，5 分钟内有效。'],
  });

/** The query fields of every listing: a page of at most `limit` items after `cursor`. */
const pageQuery = {
  cursor: z.string().max(200).optional().meta({ description: 'next_cursor of the previous page.' }),
  limit: z.coerce.number().int().min(1).max(500).default(50),
};

/** A page of a listing, newest first. */
function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    data: z.array(item).meta({ description: 'Newest first.' }),
    next_cursor: z.string().nullable().meta({ description: 'Pass as `cursor` for the next page; null on the last.' }),
  });
}

const Recipient = z
  .string()
  .max(MAX_RECIPIENT_LENGTH)
  .meta({
    description:
      'A Chinese mobile (13800138000, +86 138 0013 8000, 008613800138000) or an international number with + or 00. Invalid numbers are rejected per recipient.',
    examples: ['13800138000'],
  });

const sendCommon = {
  business_type: z
    .string()
    .min(1)
    .max(32)
    .meta({
      description: 'verification, notification, alarm, marketing, …: decides price, priority and validity.',
      examples: ['verification'],
    }),
  client_ref: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .meta({
      description:
        'Idempotency key: a repeat with the same client_ref returns the first call’s result (200, Idempotent-Replayed: true); with a different body it is refused (409).',
      examples: ['order-20261121-0042'],
    }),
  send_at: z.iso
    .datetime({ offset: true })
    .optional()
    .meta({
      description: `When to send (ISO 8601 with offset); default now, past times mean now, at most ${MAX_SCHEDULE_DAYS} days ahead.`,
      examples: ['2026-11-22T09:00:00+08:00'],
    }),
  extension: z
    .string()
    .regex(/^[0-9]{1,6}$/, 'must be 1–6 digits')
    .optional()
    .meta({
      description: 'Digits appended after your org’s extension code, so replies can be told apart.',
      examples: ['12'],
    }),
};

export const SendTextRequest = component(
  'SendTextRequest',
  z.strictObject({
    ...sendCommon,
    to: z
      .array(Recipient)
      .min(1)
      .max(MAX_RECIPIENTS)
      .meta({ description: `1 to ${MAX_RECIPIENTS} recipients of the same text.` }),
    text: MessageText,
  }),
  {
    description: 'One text to many recipients.',
    examples: [
      {
        business_type: 'verification',
        to: ['13800138000', '+8613900139000'],
        text: '【示例】您的验证码是 583920。',
        client_ref: 'login-7f3a',
      },
    ],
  },
);

export const SendPairsRequest = component(
  'SendPairsRequest',
  z.strictObject({
    ...sendCommon,
    messages: z
      .array(z.strictObject({ to: Recipient, text: MessageText }))
      .min(1)
      .max(MAX_RECIPIENTS)
      .meta({ description: `1 to ${MAX_RECIPIENTS} recipients, each with its own text.` }),
  }),
  {
    description: 'A text per recipient.',
    examples: [
      {
        business_type: 'notification',
        messages: [
          { to: '13800138000', text: '【示例】张先生，您的包裹已到驿站。' },
          { to: '+447400123456', text: 'Your parcel has arrived.' },
        ],
        send_at: '2026-11-22T09:00:00+08:00',
      },
    ],
  },
);

/** Documentation of POST /messages; validation picks the shape by the presence of `messages`. */
export const SendMessagesRequest = component('SendMessagesRequest', z.union([SendTextRequest, SendPairsRequest]), {
  description: 'Either `to` + `text`, or `messages`.',
});

export type SendTextRequest = z.infer<typeof SendTextRequest>;
export type SendPairsRequest = z.infer<typeof SendPairsRequest>;

export const REJECTION_REASONS = [
  'invalid_number',
  'unknown_carrier',
  'blacklisted',
  'empty_text',
  'too_long',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export const AcceptedRecipient = component(
  'AcceptedRecipient',
  z.object({
    index: z.number().int().meta({ description: 'Position in the request.' }),
    to: z
      .string()
      .meta({ description: 'The number as stored: national digits for Chinese mobiles, E.164 digits otherwise.' }),
    status: z.literal('accepted'),
    message_id: ResourceId,
    carrier: z.string().meta({ examples: ['CMCC'] }),
    encoding: z.enum(['gsm7', 'ucs2']),
    segments: z.number().int().min(1).max(255),
    price: Yuan,
    price_li: Li,
  }),
);

export const RejectedRecipient = component(
  'RejectedRecipient',
  z.object({
    index: z.number().int(),
    to: z.string().meta({ description: 'The number as given.' }),
    status: z.literal('rejected'),
    reason: z.enum(REJECTION_REASONS).meta({
      description:
        'invalid_number: not a phone number we can send to; unknown_carrier: a real range no carrier of ours serves; blacklisted: opted out or blocked; empty_text: nothing to send; too_long: more than 255 segments.',
    }),
    message: z.string(),
  }),
);

export const RecipientResult = component(
  'RecipientResult',
  z.discriminatedUnion('status', [AcceptedRecipient, RejectedRecipient]),
);

export const SendMessagesResponse = component(
  'SendMessagesResponse',
  z.object({
    campaign_id: ResourceId,
    client_ref: z.string().nullable(),
    business_type: z.string(),
    send_at: Timestamp,
    accepted: z.number().int(),
    rejected: z.number().int(),
    segments: z.number().int().meta({ description: 'Segments of the accepted messages: what is billed.' }),
    amount: Yuan,
    amount_li: Li,
    results: z.array(RecipientResult).meta({ description: 'One per recipient, in request order.' }),
  }),
  {
    examples: [
      {
        campaign_id: '311',
        client_ref: 'login-7f3a',
        business_type: 'verification',
        send_at: '2026-11-21T08:30:00.000Z',
        accepted: 1,
        rejected: 1,
        segments: 1,
        amount: '0.040',
        amount_li: 40,
        results: [
          {
            index: 0,
            to: '13800138000',
            status: 'accepted',
            message_id: '90211',
            carrier: 'CMCC',
            encoding: 'ucs2',
            segments: 1,
            price: '0.040',
            price_li: 40,
          },
          {
            index: 1,
            to: '1380013',
            status: 'rejected',
            reason: 'invalid_number',
            message: '"1380013": a Chinese mobile number has 11 digits, got 7',
          },
        ],
      },
    ],
  },
);
export type SendMessagesResponse = z.infer<typeof SendMessagesResponse>;
export type RecipientResult = z.infer<typeof RecipientResult>;

const messageStatuses = Object.values(MessageStatus) as [MessageStatus, ...MessageStatus[]];

/** The one table of message error codes (@smshub/db MESSAGE_ERRORS), meanings included. */
export const MessageErrorCode = component('MessageErrorCode', z.enum(MESSAGE_ERROR_CODES), {
  description:
    'Why a message did not arrive. A retryable code may succeed when the same message is sent again later.\n\n' +
    MESSAGE_ERROR_CODES.map(
      (code) => `- \`${code}\`${MESSAGE_ERRORS[code].retryable ? ' (retryable)' : ''}: ${MESSAGE_ERRORS[code].meaning}`,
    ).join('\n'),
});
export const MessageAttempt = component(
  'MessageAttempt',
  z.object({
    attempt: z.number().int().meta({ description: '1 for the first send.' }),
    channel_id: ResourceId.nullable().meta({ description: 'The channel that carried it; null before one took it.' }),
    status: z.enum(messageStatuses),
    error_code: MessageErrorCode.nullable().meta({ description: 'Why this send did not arrive, from the same table.' }),
    report_code: z.string().nullable().meta({
      description:
        "The carrier's report code of a failed-over send; the final send's is in the message's status_detail.",
    }),
    submitted_at: Timestamp.nullable(),
    final_at: Timestamp.nullable(),
  }),
  {
    description:
      'One send of a message. A report of network or gateway trouble (not the number’s fault) sends it again through ' +
      'another channel, as its business type allows, at no extra charge; the last attempt is the final outcome.',
  },
);
export type MessageAttempt = z.infer<typeof MessageAttempt>;

export const Message = component(
  'Message',
  z.object({
    id: ResourceId,
    org_id: ResourceId,
    campaign_id: ResourceId.nullable(),
    business_type: z.string(),
    to: z.string(),
    carrier: z.string().nullable(),
    text: z.string(),
    encoding: z.string(),
    segments: z.number().int(),
    price: Yuan,
    price_li: Li,
    status: z.enum(messageStatuses),
    status_detail: z.string().nullable(),
    error_code: MessageErrorCode.nullable(),
    attempts: z.number().int(),
    send_at: Timestamp,
    expires_at: Timestamp,
    created_at: Timestamp,
    submitted_at: Timestamp.nullable(),
    final_at: Timestamp.nullable(),
    delivery_attempts: z.array(MessageAttempt).meta({ description: 'Every send so far, first to last.' }),
  }),
  {
    examples: [
      {
        id: '90211',
        org_id: '12',
        campaign_id: '311',
        business_type: 'verification',
        to: '13800138000',
        carrier: 'CMCC',
        text: '【示例】您的验证码是 583920。',
        encoding: 'ucs2',
        segments: 1,
        price: '0.040',
        price_li: 40,
        status: 'delivered',
        status_detail: null,
        error_code: null,
        attempts: 1,
        send_at: '2026-11-21T08:30:00.000Z',
        expires_at: '2026-11-21T08:40:00.000Z',
        created_at: '2026-11-21T08:30:00.000Z',
        submitted_at: '2026-11-21T08:30:00.412Z',
        final_at: '2026-11-21T08:30:03.020Z',
        delivery_attempts: [
          {
            attempt: 1,
            channel_id: '3',
            status: 'delivered',
            error_code: null,
            report_code: null,
            submitted_at: '2026-11-21T08:30:00.412Z',
            final_at: '2026-11-21T08:30:03.020Z',
          },
        ],
      },
    ],
  },
);
export type Message = z.infer<typeof Message>;

export const ListMessagesQuery = component(
  'ListMessagesQuery',
  z.strictObject({
    campaign: ResourceId.optional().meta({ description: 'Only messages of this campaign.' }),
    status: z.enum(messageStatuses).optional(),
    to: z.string().max(64).optional().meta({ description: 'Only messages to this number (any accepted spelling).' }),
    ...pageQuery,
  }),
);

export const MessageList = component('MessageList', pageOf(Message));
export type MessageList = z.infer<typeof MessageList>;

export const Campaign = component(
  'Campaign',
  z.object({
    id: ResourceId,
    org_id: ResourceId,
    kind: z.enum(Object.values(CampaignKind) as [CampaignKind, ...CampaignKind[]]),
    name: z.string(),
    business_type: z.string(),
    client_ref: z.string().nullable(),
    status: z.enum(Object.values(CampaignStatus) as [CampaignStatus, ...CampaignStatus[]]),
    send_at: Timestamp.nullable(),
    recipients: z.number().int().meta({ description: 'Accepted and rejected together.' }),
    rejected: z.number().int().meta({ description: 'Refused at intake; they have no message.' }),
    segments: z.number().int(),
    amount: Yuan,
    amount_li: Li,
    counts: z
      .record(z.enum(messageStatuses), z.number().int())
      .meta({ description: 'Messages per status, every status present.' }),
    created_at: Timestamp,
    completed_at: Timestamp.nullable(),
  }),
  {
    examples: [
      {
        id: '311',
        org_id: '12',
        kind: 'api',
        name: 'API login-7f3a',
        business_type: 'verification',
        client_ref: 'login-7f3a',
        status: 'sending',
        send_at: '2026-11-21T08:30:00.000Z',
        recipients: 2,
        rejected: 1,
        segments: 1,
        amount: '0.040',
        amount_li: 40,
        counts: Object.fromEntries(messageStatuses.map((status) => [status, status === 'delivered' ? 1 : 0])),
        created_at: '2026-11-21T08:30:00.000Z',
        completed_at: null,
      },
    ],
  },
);
export type Campaign = z.infer<typeof Campaign>;

const webhookEvents = z.enum(WEBHOOK_EVENT_NAMES);

const singleDelivery = z.strictObject({
  mode: z.literal('single').meta({ description: 'One event per POST: the body is the event.' }),
});
const batchMaxEvents = z.number().int().min(1).max(WEBHOOK_BATCH_MAX_EVENTS);
const BATCH_DESCRIPTION =
  'Several events per POST: the body is `{"events": [...]}`, each element the body single mode would send (see the `batch` webhook).';

/** How events are POSTed to an endpoint, as registered. */
export const WebhookDeliveryMode = component(
  'WebhookDeliveryMode',
  z.discriminatedUnion('mode', [
    singleDelivery,
    z.strictObject({
      mode: z.literal('batch').meta({ description: BATCH_DESCRIPTION }),
      max_events: batchMaxEvents.meta({ description: 'Events per POST at most.' }),
    }),
  ]),
  { examples: [{ mode: 'batch', max_events: WEBHOOK_BATCH_DEFAULT_EVENTS }] },
);
export type WebhookDeliveryMode = z.infer<typeof WebhookDeliveryMode>;

export const CreateWebhookRequest = component(
  'CreateWebhookRequest',
  z.strictObject({
    // Checked as written by checkWebhookUrl in the handler (the check deliveries make): z.url()
    // would hand on its own normalised copy, with tabs and newlines silently dropped.
    url: z
      .string()
      .max(MAX_WEBHOOK_URL_LENGTH)
      .meta({
        format: 'uri',
        description:
          'Where deliveries are POSTed: http:// or https://, without a user name or password; not a loopback, private or reserved address.',
        examples: ['https://example.com/smshub/events'],
      }),
    events: z
      .array(webhookEvents)
      .max(WEBHOOK_EVENT_NAMES.length)
      .refine((events) => new Set(events).size === events.length, 'events must not repeat')
      .default([])
      .meta({ description: 'Events to receive; empty = every event.' }),
    delivery: z
      .discriminatedUnion('mode', [
        singleDelivery,
        z.strictObject({
          mode: z.literal('batch').meta({ description: BATCH_DESCRIPTION }),
          max_events: batchMaxEvents.default(WEBHOOK_BATCH_DEFAULT_EVENTS).meta({
            description: `Events per POST at most (1–${WEBHOOK_BATCH_MAX_EVENTS}); a POST carries what is due, up to this many.`,
          }),
        }),
      ])
      .default({ mode: 'single' })
      .meta({ description: 'One event per POST (the default), or batches.' }),
  }),
  {
    examples: [
      { url: 'https://example.com/smshub/events', events: ['message.status'] },
      {
        url: 'https://example.com/smshub/receipts',
        events: ['message.status'],
        delivery: { mode: 'batch', max_events: WEBHOOK_BATCH_DEFAULT_EVENTS },
      },
    ],
  },
);

export const Webhook = component(
  'Webhook',
  z.object({
    id: ResourceId,
    org_id: ResourceId,
    url: z.string(),
    events: z.array(z.string()),
    delivery: WebhookDeliveryMode,
    enabled: z.boolean(),
    created_at: Timestamp,
  }),
  {
    examples: [
      {
        id: '7',
        org_id: '12',
        url: 'https://example.com/smshub/events',
        events: ['message.status'],
        delivery: { mode: 'single' },
        enabled: true,
        created_at: '2026-11-21T08:00:00.000Z',
      },
    ],
  },
);
export type Webhook = z.infer<typeof Webhook>;

export const CreatedWebhook = component(
  'CreatedWebhook',
  Webhook.extend({
    secret: z.string().meta({ description: 'HMAC key of the signature header. Shown only in this response.' }),
  }),
);
export type CreatedWebhook = z.infer<typeof CreatedWebhook>;

export const WebhookList = component('WebhookList', z.object({ data: z.array(Webhook) }));
export type WebhookList = z.infer<typeof WebhookList>;

const deliveryStatuses = Object.values(WebhookDeliveryStatus) as [WebhookDeliveryStatus, ...WebhookDeliveryStatus[]];

export const WebhookDelivery = component(
  'WebhookDelivery',
  z.object({
    id: ResourceId,
    event: z.string(),
    status: z.enum(deliveryStatuses),
    attempts: z.number().int(),
    last_status_code: z.number().int().nullable(),
    last_error: z.string().nullable(),
    next_attempt_at: Timestamp,
    created_at: Timestamp,
    delivered_at: Timestamp.nullable(),
  }),
  {
    examples: [
      {
        id: '5521',
        event: 'message.status',
        status: 'delivered',
        attempts: 2,
        last_status_code: 200,
        last_error: null,
        next_attempt_at: '2026-11-21T08:31:00.000Z',
        created_at: '2026-11-21T08:30:03.020Z',
        delivered_at: '2026-11-21T08:31:00.250Z',
      },
    ],
  },
);
export type WebhookDelivery = z.infer<typeof WebhookDelivery>;

export const ListDeliveriesQuery = component(
  'ListDeliveriesQuery',
  z.strictObject({
    status: z.enum(deliveryStatuses).optional(),
    ...pageQuery,
  }),
);

export const DeliveryList = component('DeliveryList', pageOf(WebhookDelivery));
export type DeliveryList = z.infer<typeof DeliveryList>;

// Webhook deliveries: the bodies smshub POSTs, declared under the document's `webhooks`.

/** The envelope of every delivery, as the webhooks worker POSTs it. */
function webhookEvent<E extends string, T extends z.ZodType>(event: E, data: T) {
  return z.strictObject({
    id: ResourceId.meta({
      description: 'The delivery’s id, the same on every attempt (also the smshub-delivery header).',
    }),
    event: z.literal(event),
    created_at: Timestamp,
    data,
  });
}

export const MessageStatusEventData = component(
  'MessageStatusEventData',
  z.strictObject({
    message_id: ResourceId,
    campaign_id: ResourceId.nullable(),
    client_ref: z.string().nullable(),
    to: z.string(),
    status: z.enum(messageStatuses),
    error_code: MessageErrorCode.nullable(),
    segments: z.number().int(),
    price_li: Li,
    submitted_at: Timestamp.nullable(),
    final_at: Timestamp.nullable(),
    org_id: ResourceId,
    attempts: z.array(MessageAttempt).meta({
      description: 'Every send of the message, first to last; more than one after outcome failover.',
    }),
  }),
);
export const MessageStatusEvent = component(
  'MessageStatusEvent',
  webhookEvent('message.status', MessageStatusEventData),
  {
    description: 'A message reached a final status.',
  },
);

export const MoReceivedEventData = component(
  'MoReceivedEventData',
  z.strictObject({
    id: ResourceId,
    from: z.string(),
    to: z.string().meta({ description: 'The SP number followed by the extension the subscriber replied to.' }),
    text: z.string(),
    keyword: z.string().nullable(),
    received_at: Timestamp,
    org_id: ResourceId,
  }),
);
export const MoReceivedEvent = component('MoReceivedEvent', webhookEvent('mo.received', MoReceivedEventData), {
  description: 'A subscriber’s SMS (MO) was routed to the org.',
});

export const ChannelAlarmEventData = component(
  'ChannelAlarmEventData',
  z.strictObject({
    id: ResourceId,
    kind: z.enum(Object.values(AlarmKind) as [AlarmKind, ...AlarmKind[]]),
    channel_id: ResourceId.nullable(),
    channel: z.string().nullable(),
    carrier: z.string().nullable(),
    reason: z.string(),
    raised_at: Timestamp,
  }),
);
export const ChannelAlarmEvent = component('ChannelAlarmEvent', webhookEvent('channel.alarm', ChannelAlarmEventData), {
  description: 'A channel or a carrier went down (or came back); only to endpoints of the platform org.',
});

export const BalanceLowEventData = component(
  'BalanceLowEventData',
  z.strictObject({
    org_id: ResourceId,
    org_name: z.string(),
    billing_mode: z.enum(['prepaid', 'postpaid']),
    balance_li: Li,
    spendable_li: Li.meta({
      description:
        'What the org can spend now: the balance less what undelivered messages hold, plus the credit line of a postpaid org.',
    }),
    threshold_li: Li,
    alerted_at: Timestamp,
  }),
);
export const BalanceLowEvent = component('BalanceLowEvent', webhookEvent('balance.low', BalanceLowEventData), {
  description:
    'What the org can spend fell below its low-balance threshold. Sent once per fall: again only after the org could spend the threshold once more (a recharge) and fell below it again. Its finance users get an SMS at the same time.',
});

/**
 * One body schema per event smshub POSTs; the OpenAPI `webhooks` map reads it. channel.alarm
 * goes to the platform org's endpoints that subscribe to every event.
 */
export const WEBHOOK_EVENT_SCHEMAS = {
  'message.status': MessageStatusEvent,
  'mo.received': MoReceivedEvent,
  'channel.alarm': ChannelAlarmEvent,
  'balance.low': BalanceLowEvent,
} as const satisfies Record<(typeof WEBHOOK_EVENT_NAMES)[number] | 'channel.alarm', z.ZodType>;

/** What an endpoint in delivery mode batch receives: its due events, up to its max_events, in one POST. */
export const WebhookBatch = component(
  'WebhookBatch',
  z.strictObject({
    events: z
      .array(z.discriminatedUnion('event', [MessageStatusEvent, MoReceivedEvent, ChannelAlarmEvent, BalanceLowEvent]))
      .min(1)
      .max(WEBHOOK_BATCH_MAX_EVENTS)
      .meta({
        description:
          'Each element exactly the body single mode would POST for that event, in the order the events were raised.',
      }),
  }),
  { description: 'Several events in one POST, to an endpoint registered with `delivery.mode` batch.' },
);

// Operator routes: scope operations, keys of the platform org only.

const alarmKinds = Object.values(AlarmKind) as [AlarmKind, ...AlarmKind[]];

export const ListAlarmsQuery = component('ListAlarmsQuery', z.strictObject(pageQuery));

export const Alarm = component(
  'Alarm',
  z.object({
    id: ResourceId,
    kind: z.enum(alarmKinds).meta({
      description:
        'channel_down / channel_up: one channel; carrier_unreachable / carrier_reachable: every channel of a carrier.',
    }),
    channel: z
      .object({ id: ResourceId, name: z.string() })
      .nullable()
      .meta({ description: 'The channel of a channel_down / channel_up alarm; null for a carrier alarm.' }),
    carrier: z
      .string()
      .nullable()
      .meta({ description: 'The carrier of a carrier alarm; null for a channel alarm.', examples: ['CMCC'] }),
    reason: z.string(),
    raised_at: Timestamp,
  }),
  {
    examples: [
      {
        id: '42',
        kind: 'channel_down',
        channel: { id: '3', name: 'cmcc-cmpp-bj' },
        carrier: null,
        reason: 'no answer to 3 active tests in a row',
        raised_at: '2026-11-21T08:30:00.000Z',
      },
    ],
  },
);
export type Alarm = z.infer<typeof Alarm>;

export const AlarmList = component('AlarmList', pageOf(Alarm));
export type AlarmList = z.infer<typeof AlarmList>;

/** A contact's number as people type it → the form intake stores recipients in. */
const ContactPhone = z
  .string()
  .max(64)
  .meta({
    description: 'A Chinese mobile (13800138000, +86 138 0013 8000) or an international number with + or 00.',
    examples: ['+86 138 0013 8000'],
  })
  .transform((phone, ctx) => {
    const number = normalizeNumber(phone);
    if (number.ok) return number.kind === 'cn-mobile' ? number.national : number.e164;
    ctx.addIssue({ code: 'custom', message: number.message });
    return z.NEVER;
  });

export const CreateAlarmContactRequest = component(
  'CreateAlarmContactRequest',
  z.strictObject({
    name: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .meta({ description: 'Who this is, for the people reading the list.', examples: ['值班工程师 王伟'] }),
    phone: ContactPhone,
  }),
  { examples: [{ name: '值班工程师 王伟', phone: '+86 138 0013 8000' }] },
);

export const AlarmContact = component(
  'AlarmContact',
  z.object({
    id: ResourceId,
    name: z.string(),
    phone: z.string().meta({ description: 'As stored: national digits for a Chinese mobile, E.164 digits otherwise.' }),
    enabled: z.boolean(),
    created_at: Timestamp,
  }),
  {
    examples: [
      { id: '2', name: '值班工程师 王伟', phone: '13800138000', enabled: true, created_at: '2026-11-21T08:00:00.000Z' },
    ],
  },
);
export type AlarmContact = z.infer<typeof AlarmContact>;

export const AlarmContactList = component('AlarmContactList', z.object({ data: z.array(AlarmContact) }));
export type AlarmContactList = z.infer<typeof AlarmContactList>;

const Rate = z.number().min(0).max(1);

export const ChannelState = component(
  'ChannelState',
  z.object({
    binds: z.number().int().meta({ description: 'Sessions bound now.' }),
    in_flight: z.number().int().meta({ description: 'Submits sent and not yet answered, across binds.' }),
    window: z.number().int().meta({ description: 'Room for unanswered submits across the bound sessions.' }),
    allowed_tps: z
      .number()
      .meta({ description: 'Submits per second allowed now: lowered after the gateway throttles.' }),
    rate: z.number().meta({ description: 'Submits per second done recently.' }),
    error_rate: Rate.meta({ description: 'Share of recent submits that failed.' }),
    delivered_rate: Rate.meta({ description: 'Share of recent status reports that said delivered.' }),
    queued: z.number().int().meta({ description: 'Messages handed to the channel that its worker has not taken yet.' }),
    updated_at: Timestamp.meta({ description: 'When the channel’s worker published this.' }),
  }),
);
export type ChannelState = z.infer<typeof ChannelState>;

export const Channel = component(
  'Channel',
  z.object({
    id: ResourceId,
    name: z.string(),
    protocol: z.enum(Object.values(ChannelProtocol) as [ChannelProtocol, ...ChannelProtocol[]]),
    protocol_version: z.string().meta({ examples: ['3.0'] }),
    role: z.enum(Object.values(ChannelRole) as [ChannelRole, ...ChannelRole[]]).meta({
      description:
        'primary: its own carrier’s subscribers; cross_carrier: another carrier’s, when theirs are busy or down; backup: the GSM modem pool.',
    }),
    carriers: z.array(z.string()).meta({ description: 'Carriers it delivers to.', examples: [['CMCC']] }),
    tps: z.number().int().meta({ description: 'Submits per second across all binds, as configured.' }),
    window: z.number().int().meta({ description: 'Unanswered submits allowed per bind, as configured.' }),
    max_binds: z.number().int(),
    enabled: z.boolean(),
    up: z.boolean().meta({ description: 'Bound and answering, by a state published in the last 5 seconds.' }),
    state: ChannelState.nullable().meta({
      description: 'null when nothing was published for the channel in the last 5 seconds.',
    }),
  }),
  {
    examples: [
      {
        id: '3',
        name: 'cmcc-cmpp-bj',
        protocol: 'cmpp',
        protocol_version: '3.0',
        role: 'primary',
        carriers: ['CMCC'],
        tps: 200,
        window: 16,
        max_binds: 2,
        enabled: true,
        up: true,
        state: {
          binds: 2,
          in_flight: 11,
          window: 32,
          allowed_tps: 200,
          rate: 187.5,
          error_rate: 0.002,
          delivered_rate: 0.981,
          queued: 40,
          updated_at: '2026-11-21T08:30:00.250Z',
        },
      },
      {
        id: '4',
        name: 'ctcc-smgp-gz',
        protocol: 'smgp',
        protocol_version: '3.0',
        role: 'primary',
        carriers: ['CTCC'],
        tps: 100,
        window: 16,
        max_binds: 1,
        enabled: true,
        up: false,
        state: null,
      },
    ],
  },
);
export type Channel = z.infer<typeof Channel>;

export const ChannelList = component('ChannelList', z.object({ data: z.array(Channel) }));
export type ChannelList = z.infer<typeof ChannelList>;

export const IdParams = z.strictObject({ id: ResourceId });

export const ApiErrorBody = component(
  'Error',
  z.object({
    error: z.object({
      code: z.enum(API_ERROR_CODES),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
      request_id: z.string().meta({ description: 'Quote it when asking for help; also in the X-Request-Id header.' }),
    }),
  }),
  {
    examples: [
      {
        error: {
          code: 'insufficient_balance',
          message: 'the balance 0.050 yuan does not cover 0.080 yuan for this request; nothing was sent',
          details: { needed: '0.080', needed_li: 80, balance: '0.050', balance_li: 50 },
          request_id: '0b7c9a4e-6f0e-4d55-9b61-1f1b0f7e2c11',
        },
      },
    ],
  },
);
export type ApiErrorBody = z.infer<typeof ApiErrorBody>;
