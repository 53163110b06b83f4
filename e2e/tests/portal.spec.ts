import { expect, type Page, test } from '@playwright/test';
import { setting, shot } from './support.js';

/*
 * The portal in a real browser against the running platform (simulated carriers behind it):
 * what a visitor sees first, and the developer API driven from a page of the portal's own
 * origin, as a browser-based console would.
 */

const portalUrl = () => setting('SMSHUB_E2E_PORTAL_URL');
const apiKey = () => setting('SMSHUB_E2E_API_KEY');

interface Answer {
  readonly status: number;
  readonly body: unknown;
}

/** A same-origin call from the page, as browser code would make it. */
function call(
  page: Page,
  path: string,
  init: { method?: string; key?: string | null; body?: unknown } = {},
): Promise<Answer> {
  return page.evaluate(
    async ({ path, method, key, body }) => {
      const headers: Record<string, string> = {};
      if (key !== null) headers.authorization = `Bearer ${key}`;
      if (body !== undefined) headers['content-type'] = 'application/json';
      const response = await fetch(path, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as unknown };
    },
    { path, method: init.method ?? 'GET', key: init.key === undefined ? apiKey() : init.key, body: init.body },
  );
}

test('a visitor who is not signed in lands on the sign-in page, in Chinese; the OpenAPI document is public', async ({
  page,
}) => {
  await page.goto(portalUrl());
  await expect(page).toHaveURL(/\/sign-in/);
  await expect(page.getByText('登录控制台')).toBeVisible();
  await shot(page, 'sign-in');
  const document = await call(page, '/api/v1/openapi.json', { key: null });
  expect(document.status).toBe(200);
  expect(JSON.stringify(document.body)).toContain('/api/v1/messages');
});

test('a long Chinese message sent from the page to one number of each carrier comes back delivered', async ({
  page,
}) => {
  await page.goto(portalUrl());
  const text =
    '【浏览器】您好，这是一条从门户页面发出的长短信，内容超过七十个字，所以会拆成两条发送，每条都带有用户数据头，手机收到后会按参考号和序号拼回原文，请查收，谢谢！';
  const sent = await call(page, '/api/v1/messages', {
    method: 'POST',
    body: { business_type: 'notification', to: ['13800138000', '13012345678', '13312345678', '+447400123456'], text },
  });
  expect(sent.status).toBe(201);
  const results = (
    sent.body as { results: { status: string; message_id: string; carrier: string; segments: number }[] }
  ).results;
  expect(results.map((r) => [r.status, r.carrier, r.segments])).toEqual([
    ['accepted', 'CMCC', 2],
    ['accepted', 'CUCC', 2],
    ['accepted', 'CTCC', 2],
    ['accepted', 'INTL', 2],
  ]);
  for (const { message_id: id } of results) {
    await expect
      .poll(async () => ((await call(page, `/api/v1/messages/${id}`)).body as { status: string }).status, {
        timeout: 30_000,
        intervals: [250, 500, 1_000],
      })
      .toBe('delivered');
  }
  const message = (await call(page, `/api/v1/messages/${results[0]!.message_id}`)).body as { text: string; to: string };
  expect(message.text).toBe(text);
  expect(message.to).toContain('13800138000');
});

test('the API refuses a page without a key, and a body it cannot take, with JSON errors and nothing stored', async ({
  page,
}) => {
  await page.goto(portalUrl());
  const anonymous = await call(page, '/api/v1/messages', {
    method: 'POST',
    key: null,
    body: { business_type: 'notification', to: ['13900000000'], text: '你好' },
  });
  expect(anonymous.status).toBe(401);
  expect(anonymous.body).toMatchObject({ error: { code: 'unauthorized' } });
  const tooMany = await call(page, '/api/v1/messages', {
    method: 'POST',
    body: {
      business_type: 'notification',
      to: Array.from({ length: 10_001 }, (_, i) => `139${String(i).padStart(8, '0')}`),
      text: '你好',
    },
  });
  expect(tooMany.status).toBe(400);
  const error = (tooMany.body as { error: { code: string; message: string } }).error;
  expect(error.code).toBe('validation_error');
  expect(error.message).toMatch(/^invalid body: to: /);
  expect(JSON.stringify(tooMany.body)).toContain('10000');
  const listed = await call(page, '/api/v1/messages?to=13900000000');
  expect(listed.status).toBe(200);
  expect((listed.body as { data: unknown[] }).data).toEqual([]);
});
