import { creditCodeCheckCharacter } from '@smshub/core';
import { type Browser, expect, type Locator, type Page, test } from '@playwright/test';
import { choose, dialog, freshPhone, type Lang, newPage, setting, shot, signIn } from './support.js';

/*
 * The console as its people use it, in a real browser against the running platform: an
 * enterprise signs up (the code read back from the simulated carrier's handset), a platform
 * operator approves it, the applicant signs in; the operator builds a province → city → county
 * tree, gives the county an operator with one business type and an API key, a message sent with
 * that key through the REST API shows in the console. Once in Chinese (the default) and once in
 * English; every page visited is kept as a screenshot (e2e/screenshots/<lang>/…).
 */

/** The few visible texts the walk checks, in both languages (the rest is found by id or test id). */
const TEXT = {
  'zh-CN': {
    signInTitle: '登录控制台',
    submitted: '申请已提交',
    approvedSms: /已通过审核/,
    home: '首页',
    province: '测试省邮政管理局',
    city: '测试市邮政管理局',
    county: '测试县邮政管理局',
    kindCity: '市级',
    kindCounty: '县级',
    postpaid: '后付费',
    operatorRole: '操作员',
    delivered: '成功',
  },
  en: {
    signInTitle: 'Sign in to the console',
    submitted: 'Application submitted',
    approvedSms: /已通过审核/,
    home: 'Home',
    province: 'Test Province Postal Administration',
    city: 'Test City Postal Administration',
    county: 'Test County Postal Administration',
    kindCity: 'City',
    kindCounty: 'County',
    postpaid: 'Postpaid',
    operatorRole: 'Operator',
    delivered: 'Delivered',
  },
} as const;

const portalUrl = () => setting('SMSHUB_E2E_PORTAL_URL');
const controlUrl = () => setting('SMSHUB_E2E_CONTROL_URL');
const apiUrl = () => setting('SMSHUB_E2E_API_URL');

/** A unified social credit code with a correct GB 32100 check character, new in this run. */
function freshCreditCode(): string {
  const digits = String(Math.floor(Math.random() * 1e9)).padStart(9, '0');
  const body = `91110108${digits}`;
  return body + creditCodeCheckCharacter(body);
}

/** GB 11643's published example (a valid check digit and birth date). */
const IDENTITY_NUMBER = '11010519491231002X';

/** A tiny valid PNG (the server sniffs the bytes, not the name). */
const LICENCE_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);

interface Handset {
  readonly text: string;
}

/** The texts `phone` has received through any simulated gateway, oldest first. */
async function handset(phone: string): Promise<Handset[]> {
  const response = await fetch(`${controlUrl()}/handsets/${encodeURIComponent(phone)}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Handset[];
}

/** Waits until `phone` has received a text matching `pattern`, and returns it. */
async function waitForText(phone: string, pattern: RegExp): Promise<string> {
  let found: string | undefined;
  await expect
    .poll(
      async () => {
        found = (await handset(phone)).map((m) => m.text).find((text) => pattern.test(text));
        return found !== undefined;
      },
      { timeout: 30_000, intervals: [250, 500, 1_000] },
    )
    .toBe(true);
  return found as string;
}

/** The org tree's node of this name (its title is the name and a tag of its kind). */
function treeNode(page: Page, name: string): Locator {
  return page.locator('.ant-tree .ant-tree-node-content-wrapper').filter({ hasText: `${name} ` });
}

async function signInAs(page: Page, lang: Lang, login: string, password: string, screenshot?: string): Promise<void> {
  await signIn(page, login, password, async () => {
    await expect(page.getByText(TEXT[lang].signInTitle)).toBeVisible();
    if (screenshot !== undefined) await shot(page, screenshot);
  });
}

async function walk(browser: Browser, lang: Lang): Promise<void> {
  const s = (name: string) => `${lang}/${name}`;
  const text = TEXT[lang];
  const run = Math.random().toString(36).slice(2, 6);

  // 1. An enterprise signs up. In English the visitor switches language on the page itself.
  const applicant = await newPage(browser, 'zh-CN');
  await applicant.goto(`${portalUrl()}/sign-up`);
  if (lang === 'en') {
    await applicant.getByTestId('language-switch').click();
    await expect(applicant.getByText('Sign up your organisation').first()).toBeVisible();
  }
  const company = `${lang === 'en' ? 'Walk Logistics' : '漫步物流'} ${run}`;
  const phone = freshPhone();
  const password = `Walk-${run}-pass1`;
  await applicant.locator('#companyName').fill(company);
  await applicant.locator('#creditCode').fill(freshCreditCode());
  await shot(applicant, s('01-sign-up-company'));
  await applicant.getByTestId('sign-up-next').click();
  await applicant.locator('#contactName').fill(lang === 'en' ? 'Li Lei' : '李雷');
  await applicant.locator('#identityNumber').fill(IDENTITY_NUMBER);
  await applicant.locator('#phone').fill(phone);
  await applicant.getByTestId('send-code-signup').click();
  const codeText = await waitForText(phone, /\d{6}/);
  await applicant.locator('#code').fill(codeText.match(/\d{6}/)![0]);
  await applicant.locator('#password').fill(password);
  await applicant.locator('#confirm').fill(password);
  await shot(applicant, s('02-sign-up-contact'));
  await applicant.getByTestId('sign-up-next').click();
  await applicant.locator('input[type=file]').setInputFiles({
    name: 'licence.png',
    mimeType: 'image/png',
    buffer: LICENCE_PNG,
  });
  await expect(applicant.getByText('licence.png')).toBeVisible();
  await shot(applicant, s('03-sign-up-licence'));
  await applicant.getByTestId('sign-up-submit').click();
  await expect(applicant.getByText(text.submitted)).toBeVisible({ timeout: 30_000 });
  await shot(applicant, s('04-sign-up-submitted'));

  // 2. A platform operator approves it; the applicant is told by SMS.
  const admin = await newPage(browser, lang);
  await signInAs(admin, lang, setting('SMSHUB_E2E_ADMIN_LOGIN'), setting('SMSHUB_E2E_ADMIN_PASSWORD'), s('05-sign-in'));
  await shot(admin, s('06-home-platform'));
  await admin.goto(`${portalUrl()}/signups`);
  const row = admin.getByRole('row').filter({ hasText: company });
  await expect(row).toBeVisible();
  await shot(admin, s('07-signups'));
  await row.getByRole('button').click();
  await expect(dialog(admin).getByText(company).first()).toBeVisible();
  await shot(admin, s('08-signup-detail'));
  await admin.getByTestId('signup-approve').click();
  await expect(admin.locator('.ant-message-notice').first()).toBeVisible();
  await waitForText(phone, text.approvedSms);

  // 3. The applicant signs in with the mobile number and the password chosen at sign-up.
  await signInAs(applicant, lang, phone, password);
  await expect(applicant.getByRole('menuitem', { name: text.home })).toBeVisible();
  await shot(applicant, s('09-home-enterprise'));
  await applicant.context().close();

  // 4. The operator builds province → city → county; the county is postpaid on a credit line.
  await admin.goto(`${portalUrl()}/orgs`);
  await shot(admin, s('10-orgs'));
  const createBelow = async (parent: string | null, name: string, kind: string | null, credit?: number) => {
    if (parent !== null) await treeNode(admin, parent).click();
    await admin.getByRole('button', { name: lang === 'en' ? 'New organisation below' : '新建下级单位' }).click();
    const modal = dialog(admin);
    await modal.locator('#name').fill(name);
    if (kind !== null) await choose(admin, modal, 'kind', kind);
    if (credit !== undefined) {
      await choose(admin, modal, 'billingMode', text.postpaid);
      await modal.locator('#creditLimitYuan').fill(String(credit));
    }
    await shot(admin, s(`11-create-${name.length}-${kind ?? 'province'}`));
    await modal.locator('.ant-modal-footer .ant-btn-primary').click();
    await expect(treeNode(admin, name)).toBeVisible();
  };
  const province = `${text.province} ${run}`;
  const city = `${text.city} ${run}`;
  const county = `${text.county} ${run}`;
  await createBelow(null, province, null);
  await createBelow(province, city, text.kindCity);
  await createBelow(city, county, text.kindCounty, 5_000);
  await treeNode(admin, county).click();
  await expect(admin.getByTestId('org-detail-title')).toContainText(county);
  await shot(admin, s('12-org-county'));

  // 5. An operator in the county, entitled to one business type.
  await admin.goto(`${portalUrl()}/users`);
  await admin.getByTestId('create-user').click();
  const operatorEmail = `operator-${run}-${lang.toLowerCase()}@walk.example`;
  await choose(admin, dialog(admin), 'orgId', county);
  await dialog(admin).locator('#email').fill(operatorEmail);
  await dialog(admin)
    .locator('#name')
    .fill(lang === 'en' ? 'Han Meimei' : '韩梅梅');
  await choose(admin, dialog(admin), 'role', text.operatorRole);
  await shot(admin, s('13-user-create'));
  await dialog(admin).locator('.ant-drawer-extra .ant-btn-primary').click();
  const operatorPassword = (await admin.getByTestId('generated-password').innerText()).trim();
  expect(operatorPassword.length).toBeGreaterThanOrEqual(10);
  await shot(admin, s('14-user-created'));
  await admin.keyboard.press('Escape');
  const userRow = admin.getByRole('row').filter({ hasText: operatorEmail });
  await expect(userRow).toContainText(county);
  await userRow.getByRole('button', { name: lang === 'en' ? 'Business types' : '业务类型' }).click();
  const entitlements = dialog(admin);
  await entitlements.getByRole('checkbox', { name: '通知' }).check();
  await shot(admin, s('15-user-entitlements'));
  await entitlements.locator('.ant-modal-footer .ant-btn-primary').click();
  await expect(admin.locator('.ant-message-notice').first()).toBeVisible();

  // 6. An API key for the county, the secret shown once.
  await admin.goto(`${portalUrl()}/api-keys`);
  await admin.getByTestId('issue-key').click();
  await choose(admin, dialog(admin), 'orgId', county);
  await dialog(admin).locator('#name').fill(`walk-${run}`);
  await shot(admin, s('16-key-issue'));
  await dialog(admin).locator('.ant-modal-footer .ant-btn-primary').click();
  const secret = (await admin.getByTestId('issued-secret').innerText()).trim();
  expect(secret).toMatch(/^sk_/);
  await shot(admin, s('17-key-secret'));
  await admin.getByRole('dialog').getByRole('button').last().click();

  // 7. The key sends through the REST API; the message shows in the console, delivered.
  const recipient = freshPhone();
  const body = `【${lang === 'en' ? 'Walk' : '漫步'}】${county} ${run}`;
  const sent = await fetch(`${apiUrl()}/api/v1/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: JSON.stringify({ business_type: 'notification', to: [recipient], text: body }),
  });
  expect(sent.status).toBe(201);
  await waitForText(recipient, new RegExp(run));

  const operator = await newPage(browser, lang);
  await signInAs(operator, lang, operatorEmail, operatorPassword);
  await operator.goto(`${portalUrl()}/messages`);
  await expect
    .poll(
      async () => {
        await operator.reload();
        await operator.waitForLoadState('networkidle');
        return operator.locator('.ant-table-tbody').innerText();
      },
      { timeout: 30_000, intervals: [500, 1_000, 2_000] },
    )
    .toMatch(new RegExp(`${run}[\\s\\S]*${text.delivered}|${text.delivered}[\\s\\S]*${run}`));
  // The county's operator sees the county's messages only: none of the platform's codes or notices.
  expect(await operator.locator('.ant-table-tbody').innerText()).not.toContain('【smshub】');
  await expect(operator.locator('.ant-layout-header')).toContainText(county);
  await shot(operator, s('18-messages-operator'));
  await operator.context().close();

  await admin.goto(`${portalUrl()}/messages`);
  await expect(admin.getByRole('row').filter({ hasText: run }).first()).toBeVisible();
  await shot(admin, s('19-messages-platform'));
  for (const [path, name] of [
    ['/audit', '20-audit'],
    ['/developer', '21-developer'],
    ['/account', '22-account'],
  ] as const) {
    await admin.goto(`${portalUrl()}${path}`);
    await shot(admin, s(name));
  }
  await admin.context().close();
}

test.describe.configure({ timeout: 240_000 });

test('the console walk in Chinese: sign-up, approval, sign-in, the org tree, an operator, a key, a message', async ({
  browser,
}) => {
  await walk(browser, 'zh-CN');
});

test('the console walk in English', async ({ browser }) => {
  await walk(browser, 'en');
});
