// Workspace packages export their TypeScript sources under the "@smshub/source" condition, so
// tests run against src/ without building first. Built processes resolve dist/ instead.
const conditions = ['@smshub/source', 'node', 'import', 'module', 'default'];

export const sourceConditions = {
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@smshub/source'] } },
};
