/**
 * @smshub/api — the developer REST API v1 as framework-agnostic handlers (Web Request in, Web
 * Response out), its zod schemas, contract and OpenAPI document. apps/portal mounts the handlers;
 * tests call them directly. It must never answer before PostgreSQL has committed what it
 * reports, nor show an org anything outside its own subtree of the org tree.
 */
export { API_ERROR_CODES, API_ERROR_STATUS, ApiError, type ApiErrorCode } from './v1/api-error.js';
export { contract, PLATFORM_SCOPES, type OperationId, type RouteSpec, type Scope } from './v1/contract.js';
export { buildOpenApiDocument, type OpenApiDocument } from './v1/openapi.js';
export * from './v1/schemas.js';
export {
  apiDepsConfigFromEnv,
  createApiDeps,
  sharedApiDeps,
  type ApiDeps,
  type ApiDepsConfig,
  type DispatchEnqueuer,
  type OwnedApiDeps,
  type Pool,
} from './v1/deps.js';
export { ApiKeyCache, type ApiKeyRecord } from './v1/auth/api-key-cache.js';
export { prismaApiKeyLoader } from './v1/auth/authenticate.js';
export * from './ops/principal.js';
export * from './ops/permissions.js';
export * from './ops/visibility.js';
export * from './ops/audit.js';
export * from './ops/auth/session.js';
export * from './ops/auth/sign-in.js';
export * from './ops/auth/who-am-i.js';
export * from './ops/orgs/index.js';
export * from './ops/users/index.js';
export * from './ops/entitlements/index.js';
export * from './ops/audit/index.js';
export * from './ops/billing/index.js';
export {
  clientAddressFromForwardedFor,
  recordPeerAddress,
  trustedProxyHops,
  type ClientAddressOf,
} from './v1/auth/client-address.js';
export { IpAllowList } from './v1/auth/ip-allow-list.js';
export { MAX_BODY_BYTES } from './v1/http/read-json-body.js';
export { screenApiRequest, screenApiRequestLine } from './v1/http/screen-request.js';
export type { ApiHandler } from './v1/http/endpoint.js';
export {
  DISPATCH_BATCH,
  DISPATCH_GROUP_IDS,
  IntakeDispatch,
  type CommittedBatch,
} from './v1/messages/dispatch-after-commit.js';
export { sendMessages } from './v1/messages/send-messages.js';
export { getMessage } from './v1/messages/get-message.js';
export { listMessages } from './v1/messages/list-messages.js';
export { getCampaign } from './v1/campaigns/get-campaign.js';
export { createWebhook } from './v1/webhooks/create-webhook.js';
export { listWebhooks } from './v1/webhooks/list-webhooks.js';
export { deleteWebhook } from './v1/webhooks/delete-webhook.js';
export { listWebhookDeliveries } from './v1/webhooks/list-webhook-deliveries.js';
export { getBalance } from './v1/billing/get-balance.js';
export { listLedgerEndpoint } from './v1/billing/list-ledger.js';
export { quoteMessagesEndpoint } from './v1/billing/quote-messages.js';
export * from './v1/billing/schemas.js';
export { listAlarms } from './v1/alarms/list-alarms.js';
export { listAlarmContacts } from './v1/alarm-contacts/list-alarm-contacts.js';
export { createAlarmContact } from './v1/alarm-contacts/create-alarm-contact.js';
export { deleteAlarmContact } from './v1/alarm-contacts/delete-alarm-contact.js';
export { LIVE_STATE_TIMEOUT_MS, listChannels } from './v1/channels/list-channels.js';
export { LIVE_STATE_MAX_AGE_MS } from './v1/channels/channel-resource.js';
export { getOpenApiDocument } from './v1/get-openapi-document.js';
export { apiHandlers } from './v1/handlers.js';
export { lookupApiRoute, RouteTable, type RouteLookup } from './v1/http/route-table.js';
export { createApiServer, HEALTH_PATH, type ApiServer, type ApiServerOptions } from './v1/http/node-server.js';
export {
  sendMessages as sendMessagesOperation,
  type SendMessagesOutcome,
  type SendMessagesRequest as SendMessagesInput,
} from './ops/messages/send-messages.js';
export {
  quoteMessages,
  QuoteMessagesInput,
  QuoteMessagesResponse,
  QuotedRecipient,
} from './ops/messages/quote-messages.js';
export * from './ops/api-keys/api-key-view.js';
export * from './ops/api-keys/list-api-keys.js';
export * from './ops/api-keys/issue-api-key.js';
export * from './ops/api-keys/update-api-key.js';
export * from './ops/api-keys/revoke-api-key.js';
export * from './ops/messages/message-row.js';
export {
  listMessages as listConsoleMessages,
  ListMessagesInput,
  type MessagePage,
} from './ops/messages/list-messages.js';
export { getMessage as getConsoleMessage, GetMessageInput } from './ops/messages/get-message.js';
export * from './ops/home/home-summary.js';
export { beijingWindows, type IntakeLimits } from './v1/auth/rate-limit.js';
export * from './ops/auth/index.js';
export * from './ops/signups/index.js';
export * from './ops/billing/stripe-payments.js';
export * from './ops/billing/stripe-recharge.js';
export { refuseFrozenOrg } from './ops/billing/freeze-refusal.js';
export { stripeWebhook, STRIPE_WEBHOOK_MAX_BYTES, type StripeEventOutcome } from './v1/payments/stripe-webhook.js';
