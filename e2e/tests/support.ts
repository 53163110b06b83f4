import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from '@playwright/test';

/** A setting global-setup.ts put in the environment. */
export function setting(name: string): string {
  const value = process.env[name];
  if (value === undefined || value === '')
    throw new Error(
      `${name} is not set: run these tests through playwright.config.ts (its global setup starts the stack)`,
    );
  return value;
}

/** Where every page a test visits is kept as a picture (a test artefact; look at them). */
export const SCREENSHOTS = path.join(import.meta.dirname, '..', 'screenshots');

/**
 * Keeps a full-page screenshot of what the page shows now, once the network is quiet and no
 * Ant Design spinner is left and nothing is still sliding in, as screenshots/<name>.png.
 */
export async function shot(page: Page, name: string): Promise<void> {
  await page.waitForLoadState('networkidle');
  await page
    .locator('.ant-spin-spinning')
    .first()
    .waitFor({ state: 'detached', timeout: 15_000 })
    .catch(() => undefined);
  // Drawers and modals slide in: a picture taken mid-way shows the page through them.
  await page
    .waitForFunction(
      () =>
        document
          .getAnimations()
          .every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
      null,
      { timeout: 5_000 },
    )
    .catch(() => undefined);
  const file = path.join(SCREENSHOTS, `${name}.png`);
  mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage: true });
}
