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
    process.env.SMSHUB_E2E_API_URL = stack.info.apiUrl;
    process.env.SMSHUB_E2E_CONTROL_URL = stack.info.controlUrl;
    process.env.SMSHUB_E2E_ADMIN_LOGIN = stack.info.platformAdmin.login;
    process.env.SMSHUB_E2E_ADMIN_PASSWORD = stack.info.platformAdmin.password;
    process.env.SMSHUB_E2E_TENANT_LOGIN = stack.info.tenantAdmin.login;
    process.env.SMSHUB_E2E_TENANT_PASSWORD = stack.info.tenantAdmin.password;
  } catch (error) {
    await isolated.stop();
    throw error;
  }
  return () => isolated.stop();
}
