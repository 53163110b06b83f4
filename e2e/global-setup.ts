import { IsolatedStack } from '@smshub/stack';

/**
 * Starts the platform once for every browser test and hands its address and keys to the tests
 * through the environment (Playwright passes what global setup sets to its workers). The
 * returned function stops it and drops its database.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const isolated = new IsolatedStack('e2e', { webhooks: false, dlrDelayMs: { min: 50, max: 300 } });
  try {
    const stack = await isolated.start((line) => process.stdout.write(`e2e: ${line}\n`));
    process.env.SMSHUB_E2E_PORTAL_URL = stack.info.portalUrl;
    process.env.SMSHUB_E2E_API_KEY = stack.info.apiKey;
  } catch (error) {
    await isolated.stop();
    throw error;
  }
  return () => isolated.stop();
}
