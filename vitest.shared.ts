// Workspace packages export their TypeScript sources under the "@smshub/source" condition, so
// tests run against src/ without building first. Built processes resolve dist/ instead.
// Only 'node' and 'default' join it: Vitest 4 passes these conditions on to Node for external
// packages too, and 'import'/'module' there make CommonJS pg load pg-pool's ESM build.
const conditions = ['@smshub/source', 'node', 'default'];

export const sourceConditions = {
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@smshub/source'] } },
};
