import { expect, type Locator, type Page, test } from '@playwright/test';
import ExcelJS from 'exceljs';
import { choose, dialog, freshPhone, newPage, setting, shot, signIn } from './support.js';

/*
 * The billing pages (费用中心) as their people use them, in a real browser against the running
 * platform: every page visited in Chinese (and the overview in English) by the demo tenant's
 * owner and by the platform's administrator, each kept as a screenshot (e2e/screenshots/billing/);
 * then the money walk of issue 12 — a send charged and shown in the ledger, the ledger's XLSX
 * read back with the same totals, a transfer down to a child org whose key and operator then
 * send — and an online recharge through the stack's Stripe stand-in, credited once although its
 * event is delivered three times.
 */

const portalUrl = () => setting('SMSHUB_E2E_PORTAL_URL');
const apiUrl = () => setting('SMSHUB_E2E_API_URL');

/** "¥10,000,000.00" / "-¥0.035" → li. */
function liOf(text: string): bigint {
  const match = /(-?)¥([\d,]+)\.(\d{2,3})/.exec(text);
  if (match === null) throw new Error(`no amount in ${JSON.stringify(text)}`);
  const [, sign, whole, fraction] = match as unknown as [string, string, string, string];
  const li = BigInt(whole.replace(/,/g, '')) * 1000n + BigInt(fraction.padEnd(3, '0'));
  return sign === '-' ? -li : li;
}

/** Picks the org `name` in the Ant Design tree select whose input has this id. */
async function chooseOrg(page: Page, id: string, name: string): Promise<void> {
  const input = page.locator(`#${id}`);
  await input.click();
  await input.fill(name);
  await page.locator('.ant-select-dropdown:visible .ant-select-tree-title').filter({ hasText: name }).first().click();
  await expect(page.locator('.ant-select', { has: page.locator(`#${id}`) })).toContainText(name);
}

/** Sends one text with an API key through the REST API and answers the HTTP status. */
async function send(key: string, text: string): Promise<number> {
  const response = await fetch(`${apiUrl()}/api/v1/messages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ business_type: 'notification', to: [freshPhone()], text }),
  });
  await response.body?.cancel();
  return response.status;
}

/** Reloads the page until `locator` shows `pattern` (the ledger fills as intake commits). */
async function reloadUntil(page: Page, locator: Locator, pattern: RegExp): Promise<void> {
  await expect
    .poll(
      async () => {
        await page.reload();
        await page.waitForLoadState('networkidle');
        return locator.innerText();
      },
      { timeout: 30_000, intervals: [500, 1_000, 2_000] },
    )
    .toMatch(pattern);
}

test.describe.configure({ timeout: 240_000 });

test('every billing page in Chinese, as the demo tenant and as the platform, and the overview in English', async ({
  browser,
}) => {
  const tenant = await newPage(browser, 'zh-CN');
  await signIn(tenant, setting('SMSHUB_E2E_TENANT_LOGIN'), setting('SMSHUB_E2E_TENANT_PASSWORD'));
  const visits: readonly [string, string, readonly string[]][] = [
    ['/billing', '01-overview', ['账户概览', '账户余额', '可用金额', '短信包剩余', '本月消费', '近 6 个月消费']],
    ['/billing/recharge', '02-recharge', ['在线充值', '去支付', '常用金额']],
    ['/billing/ledger', '03-ledger', ['收支明细', '导出 Excel', '充值']],
    ['/billing/prices', '04-prices', ['资费', '中国移动', '平台标准价', '计费方式', '按条计费']],
    ['/billing/statements', '05-statements', ['月度账单', '期初余额', '期末余额', '打印']],
    ['/billing/invoices', '06-invoices', ['发票', '申请开票', '可申请开票金额']],
  ];
  for (const [path, name, texts] of visits) {
    await tenant.goto(`${portalUrl()}${path}`);
    for (const text of texts) await expect(tenant.getByText(text, { exact: false }).first()).toBeVisible();
    await shot(tenant, `billing/zh-CN/${name}`);
  }
  // The printable statement: the console's frame and the page's buttons left out on paper.
  await tenant.goto(`${portalUrl()}/billing/statements`);
  await expect(tenant.getByTestId('statement-title')).toBeVisible();
  await tenant.emulateMedia({ media: 'print' });
  await expect(tenant.locator('.ant-layout-sider')).toBeHidden();
  await expect(tenant.getByTestId('statement-print')).toBeHidden();
  await shot(tenant, 'billing/zh-CN/05-statements-print');
  await tenant.emulateMedia({ media: 'screen' });

  await tenant.goto(`${portalUrl()}/billing/invoices`);
  // The sidebar marks the page's own entry only (the overview's path is a prefix of the others).
  await expect(tenant.locator('.ant-menu-item-selected')).toHaveCount(1);
  await expect(tenant.locator('.ant-menu-item-selected')).toContainText('发票');

  await tenant.goto(`${portalUrl()}/billing/invoices`);
  await tenant.getByTestId('invoice-request').click();
  await expect(dialog(tenant).getByText('发票抬头')).toBeVisible();
  await shot(tenant, 'billing/zh-CN/07-invoice-request');
  await tenant.keyboard.press('Escape');
  await tenant.context().close();

  const platform = await newPage(browser, 'zh-CN');
  await signIn(platform, setting('SMSHUB_E2E_ADMIN_LOGIN'), setting('SMSHUB_E2E_ADMIN_PASSWORD'));
  for (const [path, name, texts] of [
    ['/billing', '11-overview-platform', ['账户概览', '账户余额']],
    ['/billing/recharge', '12-recharge-platform', ['人工充值（平台）', '调账（平台）', '划拨给下级单位', '回单号']],
    ['/billing/prices', '13-prices-platform', ['资费', '计费方式']],
    ['/billing/invoices', '14-invoices-platform', ['发票']],
  ] as const) {
    await platform.goto(`${portalUrl()}${path}`);
    for (const text of texts) await expect(platform.getByText(text, { exact: false }).first()).toBeVisible();
    await shot(platform, `billing/zh-CN/${name}`);
  }
  await platform.context().close();

  const english = await newPage(browser, 'en');
  await signIn(english, setting('SMSHUB_E2E_TENANT_LOGIN'), setting('SMSHUB_E2E_TENANT_PASSWORD'));
  await english.goto(`${portalUrl()}/billing`);
  for (const text of ['Account overview', 'Balance', 'Available to spend', 'Spend over the last 6 months'])
    await expect(english.getByText(text).first()).toBeVisible();
  await shot(english, 'billing/en/01-overview');
  await english.goto(`${portalUrl()}/billing/ledger`);
  await expect(english.getByText('Export to Excel')).toBeVisible();
  await shot(english, 'billing/en/03-ledger');
  await english.context().close();
});

test('the money walk: a send charged and in the ledger, its XLSX with the same totals, a transfer down, the child sends', async ({
  browser,
}) => {
  const run = Math.random().toString(36).slice(2, 6);
  const admin = await newPage(browser, 'zh-CN');
  await signIn(admin, setting('SMSHUB_E2E_TENANT_LOGIN'), setting('SMSHUB_E2E_TENANT_PASSWORD'));

  // 1. A send with the demo org's key is charged at intake and shows in the ledger.
  expect(await send(setting('SMSHUB_E2E_API_KEY'), `【演示】账单 ${run}`)).toBe(201);
  await admin.goto(`${portalUrl()}/billing/ledger`);
  const table = admin.locator('.ant-table-tbody');
  await reloadUntil(admin, table, /扣费/);
  await expect(table.locator('tr').filter({ hasText: '扣费' }).first()).toContainText('-¥');
  await shot(admin, 'billing/zh-CN/21-ledger-charged');

  // 2. The ledger as XLSX: every row of the filter, totals equal to the page's.
  const shownIn = liOf(await admin.getByTestId('ledger-totals').locator('span').first().innerText());
  const shownOut = liOf(await admin.getByTestId('ledger-totals').locator('span').nth(1).innerText());
  const shownCount = Number(/共 (\d+) 条/.exec(await admin.locator('.ant-pagination-total-text').innerText())![1]);
  const [download] = await Promise.all([admin.waitForEvent('download'), admin.getByTestId('ledger-export').click()]);
  expect(download.suggestedFilename()).toMatch(/\.xlsx$/);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(await download.path());
  const sheet = workbook.worksheets[0]!;
  const rows: ExcelJS.CellValue[][] = [];
  sheet.eachRow((row) => rows.push((row.values as ExcelJS.CellValue[]).slice(1)));
  expect(rows[0]![0]).toBe('时间（北京）');
  expect(rows[1]![0]).toBe('Time (Beijing)');
  const data = rows.slice(2, -1);
  const total = rows[rows.length - 1]!;
  expect(total[0]).toBe('合计 Total');
  expect(data.length).toBe(shownCount);
  const amounts = data.map((row) => BigInt(Number(row[4])));
  const credits = amounts.filter((li) => li > 0n).reduce((a, b) => a + b, 0n);
  const debits = amounts.filter((li) => li < 0n).reduce((a, b) => a + b, 0n);
  expect(credits).toBe(shownIn);
  expect(-debits).toBe(shownOut);
  expect(BigInt(Number(total[4]))).toBe(credits + debits);
  expect(data.some((row) => String(row[1]).includes('charge'))).toBe(true);

  // 3. A department below the demo org, with a key of its own: it cannot send on an empty balance.
  const child = `账单测试部门 ${run}`;
  await admin.goto(`${portalUrl()}/orgs`);
  await admin.getByRole('button', { name: '新建下级单位' }).click();
  await dialog(admin).locator('#name').fill(child);
  await dialog(admin).locator('.ant-modal-footer .ant-btn-primary').click();
  await expect(admin.locator('.ant-tree').getByText(child)).toBeVisible();
  await admin.goto(`${portalUrl()}/api-keys`);
  await admin.getByTestId('issue-key').click();
  await choose(admin, dialog(admin), 'orgId', child);
  await dialog(admin).locator('#name').fill(`billing-${run}`);
  await dialog(admin).locator('.ant-modal-footer .ant-btn-primary').click();
  const childKey = (await admin.getByTestId('issued-secret').innerText()).trim();
  expect(childKey).toMatch(/^sk_/);
  await admin.getByRole('dialog').getByRole('button').last().click();
  expect(await send(childKey, `【演示】部门 ${run} 未充值`)).toBe(402);

  // 4. Its price for notifications (every carrier) is set from above, and a monthly cap as its plan.
  await admin.goto(`${portalUrl()}/billing/prices`);
  await chooseOrg(admin, 'billing-org-picker', child);
  await expect(admin.getByText(`${child} 自行设定的价格`)).toBeVisible();
  await admin.getByTestId('price-edit').click();
  await choose(admin, dialog(admin), 'price_businessTypeId', '通知');
  await admin.locator('#price_price').fill('0.03');
  await shot(admin, 'billing/zh-CN/25-price-edit');
  await dialog(admin).locator('.ant-modal-footer .ant-btn-primary').click();
  await expect(admin.getByTestId('price-matrix')).toContainText('¥0.030');
  await expect(admin.getByTestId('price-matrix')).toContainText('本单位价格');
  await admin.getByTestId('plan-edit-notification').click();
  await choose(admin, dialog(admin), 'plan_mode', '包月封顶');
  await admin.locator('#plan_monthlyCap').fill('100');
  await expect(dialog(admin)).toContainText('当月扣费累计达到封顶金额后');
  await shot(admin, 'billing/zh-CN/26-plan-edit');
  await dialog(admin).locator('.ant-modal-footer .ant-btn-primary').click();
  await expect(admin.locator('.ant-table-tbody').last()).toContainText('每月最多扣 ¥100.00');
  await shot(admin, 'billing/zh-CN/27-prices-child');

  // 5. The demo org transfers ¥10 to it; the confirmation shows both balances after.
  await admin.goto(`${portalUrl()}/billing/recharge`);
  await chooseOrg(admin, 'transfer-to', child);
  await admin.locator('#transfer-amount').fill('10');
  await admin.locator('#transfer-note').fill(`e2e ${run}`);
  await admin.getByTestId('transfer-submit').click();
  const confirm = admin.getByTestId('transfer-confirm');
  await expect(confirm).toContainText('¥10.00');
  await expect(confirm).toContainText('划拨后余额');
  await shot(admin, 'billing/zh-CN/22-transfer-confirm');
  await admin.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
  await expect(admin.locator('.ant-message-notice').first()).toContainText('已划拨');

  // 6. The child's operator: a user of the department; its key sends, its ledger shows both rows.
  await admin.goto(`${portalUrl()}/users`);
  await admin.getByTestId('create-user').click();
  const operatorEmail = `billing-${run}@walk.example`;
  await choose(admin, dialog(admin), 'orgId', child);
  await dialog(admin).locator('#email').fill(operatorEmail);
  await dialog(admin).locator('#name').fill('韩梅梅');
  await choose(admin, dialog(admin), 'role', '操作员');
  await dialog(admin).locator('.ant-drawer-extra .ant-btn-primary').click();
  const operatorPassword = (await admin.getByTestId('generated-password').innerText()).trim();
  await admin.keyboard.press('Escape');
  await admin.context().close();

  expect(await send(childKey, `【演示】部门 ${run} 已充值`)).toBe(201);
  const operator = await newPage(browser, 'zh-CN');
  await signIn(operator, operatorEmail, operatorPassword);
  await operator.goto(`${portalUrl()}/billing/ledger`);
  const operatorTable = operator.locator('.ant-table-tbody');
  await reloadUntil(operator, operatorTable, /扣费/);
  await expect(operatorTable).toContainText('上级划拨');
  await expect(operatorTable).toContainText('+¥10.00');
  await expect(operatorTable).toContainText('-¥0.03');
  await shot(operator, 'billing/zh-CN/23-ledger-child-operator');
  await operator.goto(`${portalUrl()}/billing`);
  await expect(operator.getByTestId('balance')).toContainText('¥9.97');
  await shot(operator, 'billing/zh-CN/24-overview-child-operator');
  await operator.context().close();
});

test('an online recharge through the Stripe stand-in is credited once, its event delivered three times', async ({
  browser,
}) => {
  const tenant = await newPage(browser, 'zh-CN');
  await signIn(tenant, setting('SMSHUB_E2E_TENANT_LOGIN'), setting('SMSHUB_E2E_TENANT_PASSWORD'));
  await tenant.goto(`${portalUrl()}/billing`);
  const before = liOf(await tenant.getByTestId('balance').innerText());
  await tenant.goto(`${portalUrl()}/billing/recharge`);
  await tenant.getByTestId('preset-100').click();
  await expect(tenant.locator('#online-amount')).toHaveValue(/100/);
  await shot(tenant, 'billing/zh-CN/31-recharge-online');
  await tenant.getByTestId('online-pay').click();
  // Checkout is the stand-in's own page (the stack points the stripe library at it).
  await tenant.waitForURL(/\/pay\/cs_/, { timeout: 30_000 });
  const stripe = new URL(tenant.url()).origin;
  await expect(tenant.getByText('CNY 100.00')).toBeVisible();
  await shot(tenant, 'billing/zh-CN/32-stand-in-pay');
  await tenant.getByRole('button', { name: '支付 / Pay' }).click();
  await tenant.waitForURL(/\/billing\/recharge\?order=/, { timeout: 30_000 });
  await expect(tenant.getByTestId('recharge-paid')).toBeVisible({ timeout: 60_000 });
  await expect(tenant.getByTestId('recharge-paid')).toContainText('¥100.00');
  await shot(tenant, 'billing/zh-CN/33-recharge-paid');

  // The same event twice more (same id, newly signed), each accepted by the webhook: nothing more is credited.
  const redelivered = await fetch(`${stripe}/control/redeliver`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ times: 2 }),
  });
  expect(redelivered.status).toBe(200);
  const { deliveries } = (await redelivered.json()) as { deliveries: { eventId: string; status: number | null }[] };
  expect(deliveries).toHaveLength(2);
  expect(new Set(deliveries.map((d) => d.eventId)).size).toBe(1);
  for (const delivery of deliveries) expect(delivery.status).toBe(200);

  // Rose by the ¥100 once (sends still settling may take a few li meanwhile), not twice or thrice.
  await tenant.goto(`${portalUrl()}/billing`);
  const after = liOf(await tenant.getByTestId('balance').innerText());
  expect(after > before + 90_000n && after <= before + 100_000n).toBe(true);
  await tenant.goto(`${portalUrl()}/billing/ledger`);
  await expect(tenant.locator('.ant-table-tbody tr').filter({ hasText: '+¥100.00' })).toHaveCount(1);
  await shot(tenant, 'billing/zh-CN/34-ledger-recharged');
  await tenant.context().close();
});

test('an invoice for a prepayment: the tenant asks, the platform issues it with its number and marks it sent', async ({
  browser,
}) => {
  const run = Math.random().toString(36).slice(2, 6);
  const title = `演示企业发票 ${run}`;
  const tenant = await newPage(browser, 'zh-CN');
  await signIn(tenant, setting('SMSHUB_E2E_TENANT_LOGIN'), setting('SMSHUB_E2E_TENANT_PASSWORD'));
  await tenant.goto(`${portalUrl()}/billing/invoices`);
  await tenant.getByTestId('invoice-request').click();
  await tenant.locator('#invoice_amount').fill('100');
  await tenant.locator('#invoice_title').fill(title);
  await tenant.locator('#invoice_taxNumber').fill('91110108MA01ABCD2X');
  await tenant.locator('#invoice_sendTo').fill('finance@demo.example');
  await dialog(tenant).locator('.ant-modal-footer .ant-btn-primary').click();
  const row = tenant.locator('.ant-table-tbody tr').filter({ hasText: title });
  await expect(row).toContainText('待开具');
  await expect(row).toContainText('¥100.00');
  await shot(tenant, 'billing/zh-CN/41-invoice-requested');
  await tenant.context().close();

  const platform = await newPage(browser, 'zh-CN');
  await signIn(platform, setting('SMSHUB_E2E_ADMIN_LOGIN'), setting('SMSHUB_E2E_ADMIN_PASSWORD'));
  await platform.goto(`${portalUrl()}/billing/invoices`);
  const request = platform.locator('.ant-table-tbody tr').filter({ hasText: title });
  await request.getByRole('button', { name: /^开\s?具$/ }).click();
  await dialog(platform).locator('#invoice-action_value').fill(`INV-${run}`);
  await shot(platform, 'billing/zh-CN/42-invoice-issue');
  await dialog(platform).locator('.ant-modal-footer .ant-btn-primary').click();
  await expect(request).toContainText('已开具');
  await expect(request).toContainText(`INV-${run}`);
  await request.getByRole('button', { name: '标记已寄出' }).click();
  await platform.locator('.ant-modal-confirm-btns .ant-btn-primary').click();
  await expect(request).toContainText('已寄出');
  await shot(platform, 'billing/zh-CN/43-invoice-sent');
  await platform.context().close();
});
