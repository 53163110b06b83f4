import { createAlarmContact } from './alarm-contacts/create-alarm-contact.js';
import { deleteAlarmContact } from './alarm-contacts/delete-alarm-contact.js';
import { listAlarmContacts } from './alarm-contacts/list-alarm-contacts.js';
import { listAlarms } from './alarms/list-alarms.js';
import { getBalance } from './billing/get-balance.js';
import { listLedgerEndpoint } from './billing/list-ledger.js';
import { quoteMessagesEndpoint } from './billing/quote-messages.js';
import { getCampaign } from './campaigns/get-campaign.js';
import { listChannels } from './channels/list-channels.js';
import type { OperationId } from './contract.js';
import { getOpenApiDocument } from './get-openapi-document.js';
import type { ApiHandler } from './http/endpoint.js';
import { getMessage } from './messages/get-message.js';
import { listMessages } from './messages/list-messages.js';
import { sendMessages } from './messages/send-messages.js';
import { stripeWebhook } from './payments/stripe-webhook.js';
import { createWebhook } from './webhooks/create-webhook.js';
import { deleteWebhook } from './webhooks/delete-webhook.js';
import { listWebhookDeliveries } from './webhooks/list-webhook-deliveries.js';
import { listWebhooks } from './webhooks/list-webhooks.js';

/**
 * The handler of each operation of the contract, by operationId: what a server that routes by
 * the contract (the lean API server) calls. A contract route without a handler here, or an entry
 * that is not a route, does not compile.
 */
export const apiHandlers = {
  sendMessages,
  quoteMessages: quoteMessagesEndpoint,
  listMessages,
  getMessage,
  getCampaign,
  createWebhook,
  listWebhooks,
  deleteWebhook,
  listWebhookDeliveries,
  getBalance,
  listLedger: listLedgerEndpoint,
  listAlarms,
  listAlarmContacts,
  createAlarmContact,
  deleteAlarmContact,
  listChannels,
  stripeWebhook,
  getOpenApiDocument,
} as const satisfies Readonly<Record<OperationId, ApiHandler>>;
