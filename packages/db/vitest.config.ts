import { defineConfig } from 'vitest/config';
import { sourceConditions } from '../../vitest.shared.js';

// The shared conditions include 'import' and 'module', which Vitest 4 also passes to Node
// (--conditions) for external packages: CommonJS pg then require()s pg-pool's ESM build and gets a
// module namespace instead of its class. Until the shared list drops those two, use it without them.
const conditions = sourceConditions.resolve.conditions.filter((condition) => condition !== 'import' && condition !== 'module');

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: sourceConditions.ssr.resolve.externalConditions } },
  // Tests run against the real PostgreSQL, each file in a database of its own; building the
  // migrated template the first time takes a few seconds.
  test: { include: ['test/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 },
});
