import { existsSync } from 'node:fs';
import { defineConfig } from '@playwright/test';

/*
 * Browser tests in Debian's Chromium (never a downloaded browser) against the whole platform
 * started by global-setup.ts: its own database and Redis prefix, simulated carriers.
 */
const chromium = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
if (!existsSync(chromium)) {
  throw new Error(
    `Chromium is not at ${chromium}: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH`,
  );
}

export default defineConfig({
  testDir: 'tests',
  globalSetup: './global-setup.ts',
  // One stack, one browser: the machine has two cores and the platform uses them.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  outputDir: 'test-results',
  use: {
    browserName: 'chromium',
    headless: true,
    launchOptions: {
      executablePath: chromium,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
    },
    actionTimeout: 20_000,
    trace: 'retain-on-failure',
  },
});
