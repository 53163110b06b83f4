import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, expect, type Locator, type Page } from '@playwright/test';

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

export type Lang = 'zh-CN' | 'en';

/** A CMCC number nobody else in this run has. */
export function freshPhone(): string {
  return `139${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`;
}

/** A page in a new browser context speaking `lang` (English by the console's locale cookie). */
export async function newPage(browser: Browser, lang: Lang): Promise<Page> {
  const context = await browser.newContext({
    locale: lang,
    viewport: { width: 1366, height: 900 },
    acceptDownloads: true,
  });
  if (lang === 'en') {
    await context.addCookies([{ name: 'NEXT_LOCALE', value: 'en', url: setting('SMSHUB_E2E_PORTAL_URL') }]);
  }
  return context.newPage();
}

/** Signs in with a password; `beforeSubmit` runs on the filled form (a check, a screenshot). */
export async function signIn(
  page: Page,
  login: string,
  password: string,
  beforeSubmit?: () => Promise<void>,
): Promise<void> {
  await page.goto(`${setting('SMSHUB_E2E_PORTAL_URL')}/sign-in`);
  await page.locator('#login').fill(login);
  await page.locator('#password').fill(password);
  if (beforeSubmit !== undefined) await beforeSubmit();
  await page.getByTestId('sign-in-submit').click();
  await expect(page).not.toHaveURL(/\/sign-in/, { timeout: 30_000 });
}

/** The visible drawer or modal (Ant Design keeps closed ones in the page). */
export function dialog(page: Page): Locator {
  return page.locator('.ant-modal-wrap:visible, .ant-drawer-content-wrapper:visible').last();
}

/** Picks `option` in the Ant Design select (inside `scope`) whose input has this id. */
export async function choose(page: Page, scope: Locator, id: string, option: string): Promise<void> {
  const input = scope.locator(`#${id}`);
  await input.click();
  // A searchable list shows only what fits (it is virtual): narrow it to the option first.
  if ((await input.getAttribute('readonly')) === null) await input.fill(option);
  const item = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: option }).first();
  await item.click();
  // The choice must have taken: the select shows it (a click on a list still opening can miss).
  const select = scope.locator('.ant-select', { has: page.locator(`#${id}`) });
  await expect(select).toContainText(option);
}
