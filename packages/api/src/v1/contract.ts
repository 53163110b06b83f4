import type { z } from 'zod';
import {
  AlarmContact,
  AlarmContactList,
  AlarmList,
  ApiErrorBody,
  Campaign,
  ChannelList,
  CreateAlarmContactRequest,
  CreatedWebhook,
  CreateWebhookRequest,
  DeliveryList,
  IdParams,
  ListAlarmsQuery,
  ListDeliveriesQuery,
  ListMessagesQuery,
  Message,
  MessageList,
  SendMessagesRequest,
  SendMessagesResponse,
  WebhookList,
} from './schemas.js';
import { Balance, BalanceQuery, LedgerList, ListLedgerQuery, QuoteMessagesAnswer } from './billing/schemas.js';

/**
 * API v1, route by route: the one list both the handlers (path, scope, what to validate) and the
 * OpenAPI document read. A route added here without a handler, or a handler without a route,
 * fails the OpenAPI test.
 */

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

/** What an API key may do; a key with no scopes may do everything its org may. */
export type Scope = 'messages:send' | 'messages:read' | 'webhooks:manage' | 'operations' | 'billing:read';

/**
 * Scopes of the platform's own operators (alarms, alarm contacts, channels). Only keys of the
 * platform org (orgs.kind = 'platform') may use them; to a key of any other org their routes
 * answer 404, as a path that does not exist would, whatever the key's scopes.
 */
export const PLATFORM_SCOPES: ReadonlySet<Scope> = new Set<Scope>(['operations']);

export interface ResponseSpec {
  readonly description: string;
  readonly schema?: z.ZodType;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface RouteSpec {
  readonly operationId: string;
  readonly method: HttpMethod;
  /** OpenAPI path template. */
  readonly path: string;
  readonly tag: 'messages' | 'campaigns' | 'webhooks' | 'billing' | 'operations' | 'meta';
  readonly summary: string;
  readonly description?: string;
  /** null: no API key needed. */
  readonly scope: Scope | null;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  readonly responses: Readonly<Record<number, ResponseSpec>>;
}

const ERROR_DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'Malformed request: bad JSON, wrong types, unknown fields, limits exceeded. Nothing was stored.',
  401: 'Missing, malformed, unknown, revoked or expired API key.',
  402: 'The balance (prepaid) or credit limit (postpaid) does not cover the request, or the org’s account is frozen (account_frozen: nothing to spend for longer than the platform allows; a recharge or a transfer thaws it at once). Nothing was stored or charged.',
  403: 'The key may not do this (scope), not from this address (IP allow-list), or the org is suspended.',
  404: 'No such resource visible to this key’s org.',
  409: 'client_ref was already used with a different request.',
  413: 'Body larger than 16 MiB.',
  415: 'Content-Type is not application/json.',
  422: 'Every recipient was rejected; details.results says why. Nothing was stored or charged.',
  429: 'Too fast or too many: the key’s rate (rate_limited), the org’s messages per second (rate_limited), day or month (daily_limit_exceeded, monthly_limit_exceeded, Beijing time). Nothing was stored or charged; retry after the Retry-After header’s seconds.',
  500: 'A fault on our side; quote the request id.',
  503: 'A store the answer depends on did not answer in time; try again.',
};

function errors(...statuses: (keyof typeof ERROR_DESCRIPTIONS & number)[]): Record<number, ResponseSpec> {
  const specs: Record<number, ResponseSpec> = {};
  for (const status of [...statuses, 500]) {
    specs[status] = {
      description: ERROR_DESCRIPTIONS[status] ?? 'Error',
      schema: ApiErrorBody,
      ...(status === 429 ? { headers: { 'Retry-After': 'Seconds to wait before trying again.' } } : {}),
    };
  }
  return specs;
}

const authErrors = [401, 403, 429] as const;

/** Operator routes: 404 means the key is not the platform org's, not a missing resource. */
function operatorErrors(...statuses: (keyof typeof ERROR_DESCRIPTIONS & number)[]): Record<number, ResponseSpec> {
  return {
    ...errors(...authErrors, 404, ...statuses),
    404: {
      description: 'The key is not the platform org’s (to other orgs these routes do not exist), or no such resource.',
      schema: ApiErrorBody,
    },
  };
}

export const contract = {
  sendMessages: {
    operationId: 'sendMessages',
    method: 'POST',
    path: '/api/v1/messages',
    tag: 'messages',
    summary: 'Send one text to many recipients, or a text per recipient',
    description:
      'Up to 10,000 recipients per call. Each recipient is accepted (message id, segments, price) or rejected with a reason; ' +
      'accepted ones are stored, and charged for prepaid orgs, in one transaction before the answer is sent. ' +
      'A request whose every recipient is rejected stores nothing (422).',
    scope: 'messages:send',
    body: SendMessagesRequest,
    responses: {
      201: { description: 'Stored; accepted messages will be sent at send_at.', schema: SendMessagesResponse },
      200: {
        description: 'The result of an earlier call with the same client_ref and the same request.',
        schema: SendMessagesResponse,
        headers: { 'Idempotent-Replayed': 'Always "true" on a replay.' },
      },
      ...errors(400, ...authErrors, 402, 409, 413, 415, 422),
    },
  },
  quoteMessages: {
    operationId: 'quoteMessages',
    method: 'POST',
    path: '/api/v1/messages/quote',
    tag: 'messages',
    summary: 'Price a send before sending it',
    description:
      'The body of `POST /api/v1/messages`, checked and priced exactly as sending it now would be: the price per carrier of your org, message packs and your billing plan applied. ' +
      'Nothing is stored, charged or counted against your limits; `affordable` says whether the balance (or credit line) covers it now.',
    scope: 'messages:send',
    body: SendMessagesRequest,
    responses: {
      200: { description: 'The price.', schema: QuoteMessagesAnswer },
      ...errors(400, ...authErrors, 413, 415, 422),
    },
  },
  listMessages: {
    operationId: 'listMessages',
    method: 'GET',
    path: '/api/v1/messages',
    tag: 'messages',
    summary: 'List messages, newest first',
    description: 'Messages of your org and of every org below it.',
    scope: 'messages:read',
    query: ListMessagesQuery,
    responses: { 200: { description: 'One page.', schema: MessageList }, ...errors(400, ...authErrors) },
  },
  getMessage: {
    operationId: 'getMessage',
    method: 'GET',
    path: '/api/v1/messages/{id}',
    tag: 'messages',
    summary: 'One message and its status',
    scope: 'messages:read',
    params: IdParams,
    responses: { 200: { description: 'The message.', schema: Message }, ...errors(400, ...authErrors, 404) },
  },
  getCampaign: {
    operationId: 'getCampaign',
    method: 'GET',
    path: '/api/v1/campaigns/{id}',
    tag: 'campaigns',
    summary: 'A campaign (every API call makes one) with its messages counted by status',
    scope: 'messages:read',
    params: IdParams,
    responses: { 200: { description: 'The campaign.', schema: Campaign }, ...errors(400, ...authErrors, 404) },
  },
  createWebhook: {
    operationId: 'createWebhook',
    method: 'POST',
    path: '/api/v1/webhooks',
    tag: 'webhooks',
    summary: 'Register a webhook endpoint',
    description: 'The signing secret is in this response only; store it.',
    scope: 'webhooks:manage',
    body: CreateWebhookRequest,
    responses: { 201: { description: 'Created.', schema: CreatedWebhook }, ...errors(400, ...authErrors, 413, 415) },
  },
  listWebhooks: {
    operationId: 'listWebhooks',
    method: 'GET',
    path: '/api/v1/webhooks',
    tag: 'webhooks',
    summary: 'Webhook endpoints of your org and the orgs below it',
    scope: 'webhooks:manage',
    responses: { 200: { description: 'Every endpoint (no secrets).', schema: WebhookList }, ...errors(...authErrors) },
  },
  deleteWebhook: {
    operationId: 'deleteWebhook',
    method: 'DELETE',
    path: '/api/v1/webhooks/{id}',
    tag: 'webhooks',
    summary: 'Remove a webhook endpoint and its delivery log',
    scope: 'webhooks:manage',
    params: IdParams,
    responses: { 204: { description: 'Removed.' }, ...errors(400, ...authErrors, 404) },
  },
  listWebhookDeliveries: {
    operationId: 'listWebhookDeliveries',
    method: 'GET',
    path: '/api/v1/webhooks/{id}/deliveries',
    tag: 'webhooks',
    summary: 'The delivery log of a webhook endpoint, newest first',
    scope: 'webhooks:manage',
    params: IdParams,
    query: ListDeliveriesQuery,
    responses: { 200: { description: 'One page.', schema: DeliveryList }, ...errors(400, ...authErrors, 404) },
  },
  getBalance: {
    operationId: 'getBalance',
    method: 'GET',
    path: '/api/v1/balance',
    tag: 'billing',
    summary: 'The balance: what your org may spend now',
    description:
      'Balance, holds, credit line, message-pack segments and this month’s spend (Beijing time) of your key’s org, or of an org below it (`org_id`).',
    scope: 'billing:read',
    query: BalanceQuery,
    responses: { 200: { description: 'The balance.', schema: Balance }, ...errors(400, ...authErrors, 404) },
  },
  listLedger: {
    operationId: 'listLedger',
    method: 'GET',
    path: '/api/v1/ledger',
    tag: 'billing',
    summary: 'The ledger: every change of the balance, newest first',
    description:
      'Charges, refunds, recharges, transfers, pack purchases, monthly fees and adjustments of your key’s org (or an org below it, `org_id`), ' +
      'paged by `page` and `page_size`, with the sums of the whole filter in `totals`.',
    scope: 'billing:read',
    query: ListLedgerQuery,
    responses: { 200: { description: 'One page.', schema: LedgerList }, ...errors(400, ...authErrors, 404) },
  },
  listAlarms: {
    operationId: 'listAlarms',
    method: 'GET',
    path: '/api/v1/alarms',
    tag: 'operations',
    summary: 'Channel and carrier alarms, newest first',
    description:
      'What the operators were told: a channel went down or came back (channel_down, channel_up), a carrier had no usable channel or has one again ' +
      '(carrier_unreachable, carrier_reachable). Each was also an SMS to every alarm contact and a channel.alarm webhook event of the platform org.',
    scope: 'operations',
    query: ListAlarmsQuery,
    responses: { 200: { description: 'One page.', schema: AlarmList }, ...operatorErrors(400) },
  },
  listAlarmContacts: {
    operationId: 'listAlarmContacts',
    method: 'GET',
    path: '/api/v1/alarm-contacts',
    tag: 'operations',
    summary: 'The operators who get an SMS for every alarm',
    scope: 'operations',
    responses: { 200: { description: 'Every contact.', schema: AlarmContactList }, ...operatorErrors() },
  },
  createAlarmContact: {
    operationId: 'createAlarmContact',
    method: 'POST',
    path: '/api/v1/alarm-contacts',
    tag: 'operations',
    summary: 'Add an operator who gets an SMS for every alarm',
    description:
      'The number is stored normalised (national digits for a Chinese mobile, E.164 digits otherwise); each number once.',
    scope: 'operations',
    body: CreateAlarmContactRequest,
    responses: {
      201: { description: 'Added; the next alarm is sent to it too.', schema: AlarmContact },
      ...operatorErrors(400, 413, 415),
      409: { description: 'A contact with this number exists already (details.id).', schema: ApiErrorBody },
    },
  },
  deleteAlarmContact: {
    operationId: 'deleteAlarmContact',
    method: 'DELETE',
    path: '/api/v1/alarm-contacts/{id}',
    tag: 'operations',
    summary: 'Remove an alarm contact',
    scope: 'operations',
    params: IdParams,
    responses: { 204: { description: 'Removed.' }, ...operatorErrors(400) },
  },
  listChannels: {
    operationId: 'listChannels',
    method: 'GET',
    path: '/api/v1/channels',
    tag: 'operations',
    summary: 'Every channel with its configuration and live state',
    description:
      'Configuration from the database (never the credentials) and the live state its carrier worker publishes every half second: ' +
      'binds, in-flight submits, rate, error and delivered rates, messages queued for it. ' +
      '`state` is null, and `up` false, when nothing was published for the channel in the last 5 seconds (no worker holds it).',
    scope: 'operations',
    responses: { 200: { description: 'Every channel, by id.', schema: ChannelList }, ...operatorErrors(503) },
  },
  stripeWebhook: {
    operationId: 'stripeWebhook',
    method: 'POST',
    path: '/api/v1/payments/stripe/webhook',
    tag: 'meta',
    summary: 'Stripe’s Checkout events (online recharge); for Stripe only',
    description:
      'Authenticated by the `Stripe-Signature` header over the raw body (the stripe library’s check, five minutes’ tolerance), not by an API key. ' +
      'checkout.session.completed (paid) and checkout.session.async_payment_succeeded credit the recharge order of the session once, whatever the number of events; ' +
      'checkout.session.expired closes it. Each event id is handled once; a replay answers 200 and does nothing.',
    scope: null,
    responses: {
      200: {
        description: 'Handled, or nothing to do (a replayed event, a session no order names, another event type).',
      },
      400: {
        description: 'No signature, or one that does not verify: nothing was done (invalid_signature).',
        schema: ApiErrorBody,
      },
      413: { description: 'Body larger than 1 MiB.', schema: ApiErrorBody },
      500: { description: 'A fault on our side; Stripe retries.', schema: ApiErrorBody },
      503: { description: 'Online payment is not configured here (payments_unavailable).', schema: ApiErrorBody },
    },
  },
  getOpenApiDocument: {
    operationId: 'getOpenApiDocument',
    method: 'GET',
    path: '/api/v1/openapi.json',
    tag: 'meta',
    summary: 'This document (OpenAPI 3.1)',
    scope: null,
    responses: { 200: { description: 'The OpenAPI document.' } },
  },
} as const satisfies Record<string, RouteSpec>;

export type OperationId = keyof typeof contract;
