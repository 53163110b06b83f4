export { assertPublicHost, isPublicAddress, PrivateAddressError, publicOnlyLookup } from './address-guard.js';
export { checkWebhookUrl, MAX_WEBHOOK_URL_LENGTH, type WebhookUrlCheck, type WebhookUrlPolicy } from './webhook-url.js';
