import type { Org } from '@smshub/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ApiError,
  getConsoleMessage,
  listConsoleMessages,
  maskRecipient,
  SendMessagesResponse,
  sendCode,
  sendMessages,
  type Principal,
} from '../../src/index.js';
import { createApiFixture, type ApiFixture } from '../api-fixture.js';
import { letPlatformSend } from './auth-fixture.js';
import { reload, userPrincipal } from './principals.js';

describe('console messages (operations)', () => {
  let fx: ApiFixture;
  let parent: Org;
  let child: Org;
  let sibling: Org;
  let operator: Principal;
  const ids: Record<string, string[]> = {};
  beforeAll(async () => {
    fx = await createApiFixture();
    parent = await reload(fx, await fx.org());
    child = await reload(fx, await fx.org({ parentId: parent.id }));
    sibling = await reload(fx, await fx.org());
    operator = await userPrincipal(fx, parent, 'operator');
    for (const [name, org, to] of [
      ['parent', parent, ['13800138000', '13900139000', '13700137000']],
      ['child', child, ['13600136000']],
      ['sibling', sibling, ['13500135000']],
    ] as const) {
      const response = await fx.call(sendMessages, {
        path: '/api/v1/messages',
        key: await fx.key(org.id),
        body: { business_type: 'notification', to, text: `【测试】${name}` },
      });
      ids[name] = SendMessagesResponse.parse(response.body).results.map((r) =>
        r.status === 'accepted' ? r.message_id : '',
      );
    }
    await fx.prisma.message.update({ where: { id: BigInt(ids['parent']?.[0] ?? '0') }, data: { status: 'delivered' } });
  });
  afterAll(() => fx?.close());

  it('lists the subtree’s messages newest first, never a sibling’s', async () => {
    const page = await listConsoleMessages(fx.deps, operator);
    expect(page.items.map((m) => m.id).sort()).toEqual([...(ids['parent'] ?? []), ...(ids['child'] ?? [])].sort());
    expect(page.items.map((m) => m.id)).toEqual([...page.items.map((m) => m.id)].sort((a, b) => Number(b) - Number(a)));
    expect(page.nextCursor).toBeNull();
    const childOperator = await userPrincipal(fx, child, 'operator');
    expect((await listConsoleMessages(fx.deps, childOperator)).items.map((m) => m.id)).toEqual(ids['child']);
  });

  it('filters by status, exact recipient (any spelling), campaign and date range', async () => {
    expect((await listConsoleMessages(fx.deps, operator, { status: 'delivered' })).items.map((m) => m.id)).toEqual([
      ids['parent']?.[0],
    ]);
    expect(
      (await listConsoleMessages(fx.deps, operator, { recipient: '+86 139-0013-9000' })).items.map((m) => m.id),
    ).toEqual([ids['parent']?.[1]]);
    const one = await getConsoleMessage(fx.deps, operator, { id: ids['child']?.[0] ?? '' });
    expect((await listConsoleMessages(fx.deps, operator, { campaignId: one.campaignId ?? '' })).items).toHaveLength(1);
    const later = new Date(Date.now() + 60_000);
    expect((await listConsoleMessages(fx.deps, operator, { from: later })).items).toHaveLength(0);
    expect((await listConsoleMessages(fx.deps, operator, { to: later })).items).toHaveLength(4);
    await expect(listConsoleMessages(fx.deps, operator, { recipient: '12' })).rejects.toBeInstanceOf(ApiError);
    await expect(listConsoleMessages(fx.deps, operator, { from: later, to: new Date(0) })).rejects.toThrow(
      'from must be before to',
    );
  });

  it('pages on the server with a cursor: every message once, in order', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let round = 0; round < 10; round++) {
      const page = await listConsoleMessages(fx.deps, operator, {
        limit: 1,
        ...(cursor === undefined ? {} : { cursor }),
      });
      seen.push(...page.items.map((m) => m.id));
      if (page.nextCursor === null) break;
      cursor = page.nextCursor;
    }
    expect(seen).toEqual((await listConsoleMessages(fx.deps, operator)).items.map((m) => m.id));
    await expect(listConsoleMessages(fx.deps, operator, { cursor: 'nonsense' })).rejects.toMatchObject({
      code: 'invalid_cursor',
    });
  });

  it('masks numbers for roles that may not send, and shows them whole to those who may', async () => {
    expect((await getConsoleMessage(fx.deps, operator, { id: ids['parent']?.[0] ?? '' })).recipient).toBe(
      '13800138000',
    );
    for (const role of ['viewer', 'finance', 'reviewer'] as const) {
      const reader = await userPrincipal(fx, parent, role);
      expect((await getConsoleMessage(fx.deps, reader, { id: ids['parent']?.[0] ?? '' })).recipient).toBe(
        '138****8000',
      );
      const filtered = await listConsoleMessages(fx.deps, reader, { recipient: '13800138000' });
      expect(filtered.items.map((m) => m.recipient)).toEqual(['138****8000']);
    }
    expect(maskRecipient('447400123456')).toBe('447*****3456');
    expect(maskRecipient('12345')).toBe('1**45');
  });

  it('hides the digits of the platform’s own codes from whoever reads its list; a customer’s own codes stay whole', async () => {
    await letPlatformSend(fx);
    await sendCode(fx.deps, null, { purpose: 'signup', phone: '13711112222', address: '203.0.113.9' });
    const stored = await fx.prisma.message.findFirstOrThrow({ where: { recipient: '13711112222' } });
    const code = stored.text.match(/[0-9]{6}/)?.[0];
    expect(code).toBeDefined();
    const platformAdmin = await userPrincipal(fx, fx.platform, 'admin');
    const listed = await listConsoleMessages(fx.deps, platformAdmin, { recipient: '13711112222' });
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]?.text).not.toContain(code);
    expect(listed.items[0]?.text).toContain('******');
    expect((await getConsoleMessage(fx.deps, platformAdmin, { id: String(stored.id) })).text).not.toContain(code);

    await fx.call(sendMessages, {
      path: '/api/v1/messages',
      key: await fx.key(parent.id),
      body: { business_type: 'verification', to: ['13722223333'], text: '【测试】您的验证码是 654321' },
    });
    const own = await listConsoleMessages(fx.deps, operator, { recipient: '13722223333' });
    expect(own.items.map((m) => [m.text, m.businessTypeName])).toEqual([['【测试】您的验证码是 654321', '验证码']]);
  });

  it('answers another org’s message as not found, exactly like a missing one', async () => {
    const missing = await getConsoleMessage(fx.deps, operator, { id: '999999999' }).catch((e: unknown) => e);
    const sibling = await getConsoleMessage(fx.deps, operator, { id: ids['sibling']?.[0] ?? '' }).catch(
      (e: unknown) => e,
    );
    expect(missing).toMatchObject({ code: 'not_found' });
    expect(sibling).toMatchObject({ code: 'not_found' });
  });
});
