import { defineConfig } from 'vitest/config';
import { sharedTestOptions, sourceConditions } from '../../vitest.shared.js';

export default defineConfig({
  ...sourceConditions,
  test: sharedTestOptions,
});
