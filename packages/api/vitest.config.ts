import { defineConfig } from 'vitest/config';
import { sharedTestOptions, sourceConditions } from '../../vitest.shared.js';

export default defineConfig({
  ...sourceConditions,
  test: {
    ...sharedTestOptions,
    // The contract tests twice: calling the handlers as Next's route files do, and over a socket
    // through the lean API server (test/api-fixture.ts, `Transport`).
    projects: [
      { extends: true, test: { name: 'handlers' } },
      { extends: true, test: { name: 'http', env: { SMSHUB_API_TEST_TRANSPORT: 'http' } } },
    ],
  },
});
