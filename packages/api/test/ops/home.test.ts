import type { Org } from '@smshub/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { beijingWindows, homeSummary, SendMessagesResponse, sendMessages, type Principal } from '../../src/index.js';
import { createApiFixture, type ApiFixture } from '../api-fixture.js';
import { reload, userPrincipal } from './principals.js';

describe('home summary (operation)', () => {
  let fx: ApiFixture;
  let org: Org;
  let viewer: Principal;
  beforeAll(async () => {
    fx = await createApiFixture();
    org = await reload(fx, await fx.org({ balance: 5_000n }));
    viewer = await userPrincipal(fx, org, 'viewer');
  });
  afterAll(() => fx?.close());

  it('an org with nothing sent: its balance, zero messages, no success rate, no campaigns, no alarms', async () => {
    const empty = await reload(fx, await fx.org({ balance: 0n }));
    const summary = await homeSummary(fx.deps, await userPrincipal(fx, empty, 'owner'));
    expect(summary).toMatchObject({
      balance: '0',
      reserved: '0',
      today: { messages: 0, final: 0, successRate: null },
      recentCampaigns: [],
      alarms: null,
    });
  });

  it('counts today’s messages (Beijing day) of the subtree, and the success rate over final ones', async () => {
    const child = await reload(fx, await fx.org({ parentId: org.id }));
    const send = async (owner: Org, to: string[]) =>
      SendMessagesResponse.parse(
        (
          await fx.call(sendMessages, {
            path: '/api/v1/messages',
            key: await fx.key(owner.id),
            body: { business_type: 'notification', to, text: '【测试】通知' },
          })
        ).body,
      ).results.map((r) => (r.status === 'accepted' ? BigInt(r.message_id) : 0n));
    const mine = await send(org, ['13800138000', '13900139000', '13700137000']);
    const theirs = await send(child, ['13600136000']);
    await fx.prisma.message.updateMany({
      where: { id: { in: [mine[0] ?? 0n, theirs[0] ?? 0n] } },
      data: { status: 'delivered' },
    });
    await fx.prisma.message.update({ where: { id: mine[1] ?? 0n }, data: { status: 'undelivered' } });
    // Yesterday's (Beijing) message does not count.
    const dayStart = new Date(beijingWindows(new Date()).dayEndsAt.getTime() - 86_400_000);
    await fx.prisma.message.update({
      where: { id: mine[2] ?? 0n },
      data: { createdAt: new Date(dayStart.getTime() - 1000) },
    });

    const summary = await homeSummary(fx.deps, viewer);
    expect(summary.today).toEqual({ messages: 3, delivered: 2, final: 3, successRate: 2 / 3 });
    expect(summary.recentCampaigns.map((c) => c.recipients)).toEqual([1, 3]);
    expect(summary.alarms).toBeNull();
    const balance = (await fx.prisma.org.findUniqueOrThrow({ where: { id: org.id } })).balance;
    expect(summary.balance).toBe(String(balance));
  });

  it('shows the last day’s channel alarms to operators of the platform only', async () => {
    const channel = await fx.channel();
    await fx.prisma.channelAlarm.create({
      data: { kind: 'channel_down', channelId: channel.id, reason: 'bind refused' },
    });
    await fx.prisma.channelAlarm.create({
      data: {
        kind: 'channel_down',
        channelId: channel.id,
        reason: 'old',
        raisedAt: new Date(Date.now() - 2 * 86_400_000),
      },
    });
    const recovered = await fx.channel();
    await fx.prisma.channelAlarm.create({
      data: { kind: 'channel_down', channelId: recovered.id, reason: 'flap', raisedAt: new Date(Date.now() - 60_000) },
    });
    await fx.prisma.channelAlarm.create({
      data: { kind: 'channel_up', channelId: recovered.id, reason: 'bound again' },
    });
    const platformAdmin = await userPrincipal(fx, await reload(fx, fx.platform), 'admin');
    const summary = await homeSummary(fx.deps, platformAdmin);
    expect(summary.alarms?.map((a) => [a.reason, a.channelName])).toEqual([['bind refused', channel.name]]);
    const tenantAdmin = await userPrincipal(fx, org, 'admin');
    expect((await homeSummary(fx.deps, tenantAdmin)).alarms).toBeNull();
  });
});
