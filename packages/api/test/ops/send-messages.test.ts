import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendMessagesOperation } from '../../src/index.js';
import { createApiFixture, type ApiFixture } from '../api-fixture.js';
import { reload, userPrincipal } from './principals.js';

/** The send operation as the console will call it: a user's principal, no HTTP in between. */
describe('sendMessages (operation)', () => {
  let fx: ApiFixture;
  beforeAll(async () => {
    fx = await createApiFixture();
  });
  afterAll(() => fx?.close());

  const request = (to: string[]) => ({ business_type: 'verification', to, text: '【测试】验证码 123456' });

  it('sends for a user with messages:send and refuses roles without it', async () => {
    const org = await reload(fx, await fx.org());
    const operator = await userPrincipal(fx, org, 'operator');
    const sent = await sendMessagesOperation(fx.deps, operator, request(['13800138000']));
    expect(sent).toMatchObject({ replayed: false, result: { accepted: 1, rejected: 0 } });
    const viewer = await userPrincipal(fx, org, 'viewer');
    await expect(sendMessagesOperation(fx.deps, viewer, request(['13800138001']))).rejects.toMatchObject({
      code: 'permission_denied',
    });
    expect(await fx.prisma.message.count({ where: { orgId: org.id } })).toBe(1);
  });

  it('holds a console user’s sends to the org’s daily limit, read from the org', async () => {
    const org = await reload(fx, await fx.org());
    await fx.prisma.org.update({ where: { id: org.id }, data: { dailyLimit: 2 } });
    const operator = await userPrincipal(fx, org, 'operator');
    await sendMessagesOperation(fx.deps, operator, request(['13800138000', '13800138001']));
    await expect(sendMessagesOperation(fx.deps, operator, request(['13800138002']))).rejects.toMatchObject({
      code: 'daily_limit_exceeded',
      status: 429,
    });
    expect(await fx.prisma.message.count({ where: { orgId: org.id } })).toBe(2);
  });
});
