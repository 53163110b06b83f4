import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CROSS_CARRIER_GATEWAY, DEFAULT_GATEWAYS, type Stack } from '../src/index.js';
import { StackHarness } from './harness.js';

/*
 * Channel scheduling and failover with the whole platform as processes: a gateway that stops
 * answering, a congested gateway, priorities under load, and the longest queueing time — each
 * against the simulators, with a cross-carrier aggregator beside the carriers' own gateways.
 */

const harness = new StackHarness('failover', {
  gateways: [...DEFAULT_GATEWAYS, CROSS_CARRIER_GATEWAY],
  webhooks: false,
  channelTps: 300,
  dlrDelayMs: { min: 50, max: 300 },
  env: { SMSHUB_LEASE_MS: '3000' },
});
let stack: Stack;
let pool: pg.Pool;
let serial = 0;
beforeAll(async () => ({ stack, pool } = await harness.start()), 240_000);
afterAll(() => harness.stop(), 120_000);

const PREFIX = { CMCC: '138', CUCC: '130', CTCC: '133' } as const;
type Carrier = keyof typeof PREFIX;

async function send(carrier: Carrier, count: number, businessType: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 1_000) {
    const to = Array.from(
      { length: Math.min(1_000, count - i) },
      () => `${PREFIX[carrier]}${String(serial++).padStart(8, '0')}`,
    );
    ids.push(...(await harness.send({ business_type: businessType, to, text: `【测试】${businessType} ${serial}` })));
  }
  return ids;
}

async function gateway(name: string): Promise<{ stats: { accepted: number; throttled: number; unanswered: number } }> {
  const response = await fetch(`${stack.info.controlUrl}/gateways/${name}`);
  return (await response.json()) as { stats: { accepted: number; throttled: number; unanswered: number } };
}

const configure = (name: string, behaviour: Record<string, unknown>) => harness.configureGateway(name, behaviour);
const waitFinal = (ids: readonly string[], timeoutMs = 120_000) => harness.waitFinal(ids, timeoutMs);

async function channelsUsed(ids: readonly string[]): Promise<Record<string, number>> {
  const result = await pool.query<{ name: string; n: number }>(
    `SELECT c.name, count(*)::int AS n FROM messages m JOIN channels c ON c.id = m.channel_id WHERE m.id = ANY ($1::bigint[]) GROUP BY c.name`,
    [ids],
  );
  return Object.fromEntries(result.rows.map((r) => [r.name, r.n]));
}

async function setChannel(name: string, change: string): Promise<void> {
  await pool.query(`UPDATE channels SET ${change}, updated_at = now() WHERE name = $1`, [name]);
  // Workers reload the catalog every 5 s; a changed channel is restarted by its owner.
  await new Promise((resolve) => setTimeout(resolve, 7_000));
  const row = await pool.query<{ id: bigint; enabled: boolean }>(`SELECT id, enabled FROM channels WHERE name = $1`, [
    name,
  ]);
  if (row.rows[0]!.enabled) await stack.waitForChannels([String(row.rows[0]!.id)]);
}

describe('scheduling and failover', () => {
  it("moves a carrier's traffic to the other channels within 10 s when its gateway stops answering", async () => {
    const before = (await gateway('aggregator-smpp')).stats.accepted;
    const sending = (async () => {
      const ids: string[] = [];
      for (let round = 0; round < 10; round++) {
        ids.push(...(await send('CMCC', 500, 'notification')));
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      return ids;
    })();
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    await configure('cmcc-cmpp', { mode: 'blackhole' });
    const failedAt = Date.now();
    let switchedAt = 0;
    while (Date.now() - failedAt < 20_000) {
      if ((await gateway('aggregator-smpp')).stats.accepted > before) {
        switchedAt = Date.now();
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const ids = await sending;
    expect(await waitFinal(ids)).toEqual({ delivered: 5_000 });
    const used = await channelsUsed(ids);
    const resent = await pool.query<{ n: number }>(
      `SELECT coalesce(sum(submit_attempts - 1), 0)::int AS n FROM segments WHERE message_id = ANY ($1::bigint[])`,
      [ids],
    );
    const unanswered = (await gateway('cmcc-cmpp')).stats.unanswered;
    process.stdout.write(
      `gateway stopped answering: switched to the aggregator after ${switchedAt - failedAt} ms; channels used ${JSON.stringify(used)}; ` +
        `submits it swallowed ${unanswered}, resent elsewhere ${resent.rows[0]!.n}\n`,
    );
    expect(switchedAt).toBeGreaterThan(0);
    expect(switchedAt - failedAt).toBeLessThan(10_000);
    expect(used['aggregator-smpp']).toBeGreaterThan(0);
    // Only the submits on the wire when it stopped answering were sent again (window × binds at
    // most), and since the silent gateway took none of them, nobody got a message twice.
    expect(resent.rows[0]!.n).toBeLessThanOrEqual(32 * 2);
    expect(resent.rows[0]!.n).toBe(unanswered);
    await configure('cmcc-cmpp', { mode: 'normal' });
  }, 180_000);

  it('slows a congested channel down instead of failing its messages', async () => {
    await configure('ctcc-smgp', { throttleTps: 40 });
    const before = (await gateway('ctcc-smgp')).stats;
    const ids = await send('CTCC', 800, 'notification');
    expect(await waitFinal(ids)).toEqual({ delivered: 800 });
    const after = (await gateway('ctcc-smgp')).stats;
    process.stdout.write(
      `congested gateway: throttled ${after.throttled - before.throttled} submits; channels used ${JSON.stringify(await channelsUsed(ids))}\n`,
    );
    expect(after.throttled - before.throttled).toBeGreaterThan(0);
    // Notifications may wait 5 minutes: they stayed with their carrier's own gateway.
    expect(after.accepted - before.accepted).toBe(800);
    await configure('ctcc-smgp', { throttleTps: 0 });
  }, 180_000);

  it('lets alarm messages overtake marketing messages waiting in the same queue', async () => {
    // No way around the queue for this test: the aggregator is off, marketing may go at night.
    await pool.query(`UPDATE business_types SET quiet_hours_apply = false WHERE code = 'marketing'`);
    await setChannel('aggregator-smpp', 'enabled = false');
    await setChannel('cucc-sgip', 'tps = 50');
    const marketing = await send('CUCC', 1_000, 'marketing');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    const alarms = await send('CUCC', 20, 'alarm');
    expect(await waitFinal([...marketing, ...alarms], 180_000)).toEqual({ delivered: 1_020 });
    const order = await pool.query<{ alarms_done: Date; marketing_median: Date; marketing_done: Date }>(
      `SELECT (SELECT max(submitted_at) FROM messages WHERE id = ANY ($1::bigint[])) AS alarms_done,
              (SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY submitted_at) FROM messages WHERE id = ANY ($2::bigint[])) AS marketing_median,
              (SELECT max(submitted_at) FROM messages WHERE id = ANY ($2::bigint[])) AS marketing_done`,
      [alarms, marketing],
    );
    const { alarms_done, marketing_median, marketing_done } = order.rows[0]!;
    process.stdout.write(
      `priorities: last alarm submitted ${(marketing_done.getTime() - alarms_done.getTime()) / 1000} s before the last marketing message\n`,
    );
    // The alarms were queued behind 1,000 marketing messages (20 s of the channel's time), yet
    // every one of them went out before half of the marketing had.
    expect(alarms_done.getTime()).toBeLessThan(marketing_median.getTime());
    await pool.query(`UPDATE business_types SET quiet_hours_apply = true WHERE code = 'marketing'`);
    await setChannel('aggregator-smpp', 'enabled = true');
  }, 240_000);

  it('sends messages that would wait longer than their type allows to the cross-carrier channel', async () => {
    // cucc-sgip still runs at 50/s: 1,000 verification codes are 20 s of its time, twice what a
    // code may wait (10 s). Those that would wait longer go through the aggregator.
    const codes = await send('CUCC', 1_000, 'verification');
    expect(await waitFinal(codes)).toEqual({ delivered: 1_000 });
    const used = await channelsUsed(codes);
    const waits = await pool.query<{ p99: number; max: number }>(
      `SELECT percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM submitted_at - created_at))::float8 AS p99,
              max(extract(epoch FROM submitted_at - created_at))::float8 AS max
         FROM messages WHERE id = ANY ($1::bigint[])`,
      [codes],
    );
    process.stdout.write(
      `longest wait: channels used ${JSON.stringify(used)}; accept→submit p99 ${waits.rows[0]!.p99.toFixed(1)} s, max ${waits.rows[0]!.max.toFixed(1)} s\n`,
    );
    expect(used['cucc-sgip']).toBeGreaterThan(200);
    expect(used['aggregator-smpp']).toBeGreaterThan(200);
    expect(waits.rows[0]!.max).toBeLessThan(14);
    await setChannel('cucc-sgip', 'tps = 300');
  }, 240_000);
});
