import { createRedis, RedisKeys } from '@smshub/queue';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../src/index.js';
import { gatewayDuplicates, resentSegments, sendMany, StackHarness } from './harness.js';

/*
 * Scale-out: two dispatchers and three carrier workers share the work; one of each is killed
 * with SIGKILL under load and not started again. The survivors must route and send every
 * message — none lost — and nothing may reach a gateway twice beyond the submits that were on
 * the wire of the killed worker's binds (window × binds × channels it held).
 */

const WINDOW = 32;
const BINDS = 2;
const harness = new StackHarness('scale', {
  webhooks: false,
  dispatchers: 2,
  carrierWorkers: 3,
  channelTps: 600,
  channelWindow: WINDOW,
  channelBinds: BINDS,
  dlrDelayMs: { min: 50, max: 500 },
  env: { SMSHUB_LEASE_MS: '3000' },
});
let stack: Stack;
let pool: pg.Pool;
beforeAll(async () => ({ stack, pool } = await harness.start()), 300_000);
afterAll(() => harness.stop(), 120_000);

/** Which carrier worker holds each channel's lease now (by process name). */
async function owners(): Promise<Map<string, string | null>> {
  const redis = createRedis({ url: harness.redisUrl, prefix: harness.redisPrefix }, 'scale-test');
  const keys = new RedisKeys(harness.redisPrefix);
  try {
    const held = new Map<string, string | null>();
    for (const channel of stack.info.channels) {
      const token = await redis.get(keys.channelLease(String(channel.id)));
      held.set(channel.name, token === null ? null : token.split('/')[0]!);
    }
    return held;
  } finally {
    redis.disconnect();
  }
}

describe('two dispatchers and three carrier workers', () => {
  it('lose nothing and send nothing twice beyond the in-flight window when one of each is killed under load', async () => {
    const carriers = ['carrier-1', 'carrier-2', 'carrier-3'];
    await expect
      .poll(async () => [...(await owners()).values()].every((o) => o !== null), { timeout: 60_000 })
      .toBe(true);
    let resumedLines = 0;
    /** Channels whose lease ran out under a live worker (a stall on a busy machine). */
    const lapsed = new Set<string>();
    const stopWatching = carriers.map((name) =>
      stack.child(name).onLine((line) => {
        if (line.includes('resuming messages the previous owner had in hand')) resumedLines++;
        if (line.includes('lost channel lease')) lapsed.add(/"channel":"([^"]+)"/.exec(line)?.[1] ?? line);
      }),
    );
    const sending = sendMany(harness, 20_000, { tag: 'scale', first: 200_000 });
    // Under load: the gateways have acknowledged a few thousand, the rest are on their way.
    await expect
      .poll(
        async () =>
          (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM messages WHERE status <> 'accepted'`))
            .rows[0]!.n,
        { timeout: 120_000, interval: 100 },
      )
      .toBeGreaterThan(2_000);
    // The carrier worker holding the most channels, and the first dispatcher.
    const before = await owners();
    const count = (name: string) => [...before.values()].filter((o) => o === name).length;
    const victim = [...carriers].sort((a, b) => count(b) - count(a))[0]!;
    const held = count(victim);
    expect(held).toBeGreaterThan(0);
    await Promise.all([stack.child(victim).kill('SIGKILL'), stack.child('dispatcher-1').kill('SIGKILL')]);

    const ids = await sending;
    expect(ids).toHaveLength(20_000);
    expect(await harness.waitFinal(ids, 240_000)).toEqual({ delivered: 20_000 });
    for (const stop of stopWatching) stop();

    // The survivors took the dead worker's channels over, and what it had in hand.
    const after = await owners();
    const survivors = carriers.filter((c) => c !== victim);
    expect([...after.values()].every((o) => o !== null && survivors.includes(o))).toBe(true);
    expect(resumedLines).toBeGreaterThan(0);

    const resent = await resentSegments(pool, ids);
    const duplicates = await gatewayDuplicates(stack);
    process.stdout.write(
      `scale-out run: killed ${victim} (held ${held} channels) and dispatcher-1; 20,000 delivered; segments resent (upper bound): ${resent}; duplicates the gateways saw: ${duplicates}; leases run out under a live worker: ${lapsed.size}\n`,
    );
    expect(duplicates).toBeLessThanOrEqual(resent);
    // Bound: one window per bind of each channel the victim held at the snapshot — the submits
    // on its wire when it died (a channel it was draining still counts: it keeps the lease until
    // the drain is over). Acknowledged submits are never among them: each acknowledgement is
    // journaled before its window slot carries another submit (decision 0007; before that, 140
    // and 204 > 128 in busy runs). A lease that ran out under a live worker (stalled longer than
    // the 3 s lease on a loaded machine) is the same event for its channel: the next owner may
    // resend what was on that wire, and nothing else (decision 0110), so such a channel adds its
    // window too.
    expect(duplicates).toBeLessThanOrEqual(
      WINDOW * BINDS * (held + [...lapsed].filter((c) => before.get(c) !== victim).length),
    );
  }, 420_000);
});
