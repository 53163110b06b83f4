import type { Samples } from './fixture.js';

/** API keys, messages, home and developer (issue 11): each aimed at the victim's objects. */
export const keysSamples: Samples = {
  'apiKeys.list': ({ victim }) => ({ orgId: victim.orgId, includeRevoked: true }),
  'apiKeys.issue': ({ victim }) => ({ orgId: victim.orgId, name: 'access test', scopes: ['messages:send'] }),
  'apiKeys.update': ({ victim }) => ({ id: victim.apiKeyId, name: 'renamed by access test', rateLimit: 10 }),
  'apiKeys.revoke': ({ victim }) => ({ id: victim.apiKeyId }),
  'messages.list': ({ victim }) => ({ campaignId: victim.campaignId }),
  'messages.get': ({ victim }) => ({ id: victim.messageId }),
  'home.summary': () => undefined,
  'developer.openApi': () => undefined,
  'developer.keyPrefixes': () => undefined,
};
