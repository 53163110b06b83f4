import { storeMo } from '@smshub/db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendMessages } from '../src/index.js';
import { createApiFixture, errorOf, type ApiFixture } from './api-fixture.js';

/**
 * The sender number of a message is the channel's SP number + the org's extension code + the
 * caller's `extension` digits, and a reply to it goes to the org whose code it starts with. The
 * attack: an org without a code, or whose code is a prefix of another org's, picks `extension`
 * digits that spell the other org's number, sends under it and the replies meant for it are
 * muddled with the victim's. Every message the attacker gets accepted is replied to here; none of
 * the replies may reach the victim.
 */
describe('sender numbers across orgs', () => {
  let fx: ApiFixture;
  let spNumber: string;
  let channelId: bigint;
  beforeAll(async () => {
    fx = await createApiFixture();
    const channel = await fx.channel();
    spNumber = channel.spNumber;
    channelId = channel.id;
    // The platform root is postpaid; let it owe enough to send.
    await fx.prisma.org.update({ where: { id: fx.platform.id }, data: { creditLimit: 1_000_000n } });
  });
  afterAll(() => fx?.close());

  const send = (key: string, extension: string) =>
    fx.call(sendMessages, {
      path: '/api/v1/messages',
      key,
      body: { business_type: 'notification', to: ['13800138000'], text: 'hi', extension },
    });

  /** Replies to every message of the org, as a subscriber would: to the number it came from. */
  const replyToAll = async (orgId: bigint) => {
    const messages = await fx.prisma.message.findMany({ where: { orgId } });
    await storeMo(
      fx.pool,
      messages.map((message) => ({
        channelId,
        from: '13800138000',
        to: `${spNumber}${message.extension ?? ''}`,
        text: 'reply',
        encoding: 'ucs2' as const,
        receivedAt: new Date(),
      })),
    );
    return messages.length;
  };
  const repliesReaching = (orgId: bigint) => fx.prisma.moMessage.count({ where: { orgId } });

  it('0 replies reach another org, whatever digits an attacker chooses', async () => {
    const victim = await fx.org({ extensionCode: '7302' });
    const victimKey = await fx.key(victim.id);
    expect((await send(victimKey, '1')).status).toBe(201);
    expect(await replyToAll(victim.id)).toBe(1);
    // The baseline: the victim's own reply reaches it, so a leak below would be counted.
    expect(await repliesReaching(victim.id)).toBe(1);

    // An org with a code that is a prefix of the victim's, if the platform lets it have one.
    const prefixed = await fx.org({ extensionCode: '73' }).catch(() => fx.org());
    // The platform root has no code at all.
    const attackers = [prefixed, fx.platform];
    for (const attacker of attackers) {
      const key = await fx.key(attacker.id);
      const own = attacker.extensionCode ?? '';
      const attempts = [
        '7302',
        '73021',
        '02',
        '021',
        own.length < 4 && '7302'.startsWith(own) ? '7302'.slice(own.length) : '9',
      ];
      for (const digits of attempts) {
        const response = await send(key, digits);
        if (response.status === 201) continue;
        expect(response.status).toBe(400);
        expect(errorOf(response)).toMatchObject({
          code: 'validation_error',
          details: { issues: [{ path: 'extension' }] },
        });
      }
      const messages = await fx.prisma.message.findMany({ where: { orgId: attacker.id } });
      for (const message of messages) {
        // Whatever was accepted goes out under the attacker's own code.
        expect(message.extension?.startsWith(own) ?? true).toBe(true);
      }
      await replyToAll(attacker.id);
    }
    expect(await repliesReaching(victim.id)).toBe(1);
  });

  it('refuses extension digits from an org that has no code of its own', async () => {
    const key = await fx.key(fx.platform.id);
    const response = await send(key, '12');
    expect(response.status).toBe(400);
    expect(errorOf(response).message).toMatch(/extension: your org has no extension code/);
  });
});
