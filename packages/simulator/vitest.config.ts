import { defineConfig } from 'vitest/config';
import { sourceConditions } from '../../vitest.shared.js';

export default defineConfig({
  ...sourceConditions,
  // Gateways, socat pairs and npm's smpp client run as real sockets and processes; on a machine
  // busy with other work a test that waits for them needs more than Vitest's 5 s.
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000 },
});
