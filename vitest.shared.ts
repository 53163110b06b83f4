// Workspace packages export their TypeScript sources under the "@smshub/source" condition, so
// tests run against src/ without building first. Built processes resolve dist/ instead.
// Only 'node' and 'default' join it: Vitest 4 passes these conditions on to Node for external
// packages too, and 'import'/'module' there make CommonJS pg load pg-pool's ESM build.
const conditions = ['@smshub/source', 'node', 'default'];

export const sourceConditions = {
  resolve: { conditions },
  ssr: { resolve: { conditions, externalConditions: ['@smshub/source'] } },
};

/**
 * The test settings every package shares. Tests wait for conditions (`expect.poll`, `vi.waitFor`),
 * never for fixed times, and must pass on a 2-core machine busy with other work: the limits below
 * only bound a hang, they are not how long a test is expected to take. `expect.poll` waits up to
 * 30 s by default here (Vitest's own default, 1 s, is shorter than one busy scheduling hiccup).
 */
export const sharedTestOptions = {
  include: ['test/**/*.test.ts'],
  testTimeout: 60_000,
  hookTimeout: 120_000,
  expect: { poll: { timeout: 30_000, interval: 20 } },
};
