import { createRedis, readChannelStates, RedisKeys } from '@smshub/queue';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../src/index.js';
import { OPEN_STATUSES, StackHarness } from './harness.js';

/*
 * The GSM modem pool as the platform's last resort, with the whole platform as processes (built
 * dist/): the five carrier gateways go down, and messages sent through the REST API go out
 * through the two simulated modems (socat pseudo-terminals, driven by the modem worker) and end
 * delivered by the modems' status reports; the gateways come back, and new messages go to them
 * again, not to the modems.
 */

const harness = new StackHarness('modem', {
  webhooks: false,
  modems: 2,
  modemTps: 2,
  dlrDelayMs: { min: 50, max: 300 },
  env: { SMSHUB_LEASE_MS: '3000' },
});
let stack: Stack;
let pool: pg.Pool;
beforeAll(async () => ({ stack, pool } = await harness.start()), 240_000);
afterAll(() => harness.stop(), 120_000);

interface SimulatedModem {
  readonly id: string;
  readonly stats: {
    readonly segments: number;
    readonly byRecipient: Readonly<Record<string, number>>;
    readonly byCommand: Readonly<Record<string, number>>;
    readonly reportsSent: number;
  };
}

async function modems(): Promise<SimulatedModem[]> {
  const response = await fetch(`${stack.info.modemControlUrl}/modems`);
  expect(response.status).toBe(200);
  return (await response.json()) as SimulatedModem[];
}

/** Every segment the simulated modems took, by recipient as the TPDU gave it ('+' international). */
async function modemRecipients(): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const modem of await modems())
    for (const [recipient, n] of Object.entries(modem.stats.byRecipient))
      counts[recipient] = (counts[recipient] ?? 0) + n;
  return counts;
}

/** A stored recipient (national for Chinese mobiles, E.164 digits otherwise) as a modem sends it. */
const onTheAir = (recipient: string) =>
  recipient.length === 11 && recipient.startsWith('1') ? `+86${recipient}` : `+${recipient}`;

async function send(to: readonly string[], text: string): Promise<string[]> {
  const ids = await harness.send({ business_type: 'notification', to, text });
  expect(ids).toHaveLength(to.length);
  return ids;
}

interface Sent {
  readonly id: string;
  readonly recipient: string;
  readonly status: string;
  readonly channel: string | null;
  readonly carrierMessageIds: string[];
}

async function waitFinal(ids: readonly string[], timeoutMs: number): Promise<Sent[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const result = await pool.query<Sent>(
      `SELECT m.id::text AS id, m.recipient, m.status, c.name AS channel,
              coalesce(array_agg(s.carrier_message_id ORDER BY s.seq) FILTER (WHERE s.carrier_message_id IS NOT NULL), '{}') AS "carrierMessageIds"
         FROM messages m LEFT JOIN channels c ON c.id = m.channel_id LEFT JOIN segments s ON s.message_id = m.id
        WHERE m.id = ANY ($1::bigint[]) GROUP BY m.id, c.name ORDER BY m.id`,
      [ids],
    );
    const open = result.rows.filter((row) => OPEN_STATUSES.includes(row.status));
    if (open.length === 0 || Date.now() > deadline) return result.rows;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Waits until the dispatcher's view (the channel states in Redis) has every carrier channel down. */
async function waitCarriersDown(timeoutMs = 30_000): Promise<void> {
  const redis = createRedis({ url: harness.redisUrl, prefix: harness.redisPrefix }, 'modem-test');
  try {
    const ids = stack.info.channels.map((c) => String(c.id));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const states = await readChannelStates(redis, new RedisKeys(harness.redisPrefix), ids);
      const up = ids.filter((id) => states.get(id)?.up === true);
      if (up.length === 0) return;
      if (Date.now() > deadline) throw new Error(`carrier channels still up after ${timeoutMs} ms: ${up.join(', ')}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  } finally {
    redis.disconnect();
  }
}

async function setGateways(mode: 'down' | 'normal'): Promise<void> {
  for (const { name } of stack.info.channels) await harness.configureGateway(name, { mode });
}

/** Recipients of every carrier: CMCC 138, CUCC 130, CTCC 133, CBN 192, and UK numbers for INTL. */
function recipients(first: number, perCarrier: number, prefixes: readonly string[]): string[] {
  return prefixes.flatMap((prefix) =>
    Array.from({ length: perCarrier }, (_, i) =>
      prefix === '+44'
        ? `+447400123${String(first + i).padStart(3, '0')}`
        : `${prefix}${String(first + i).padStart(8, '0')}`,
    ),
  );
}

describe('the GSM modem pool as the backup channel', () => {
  it("carries every carrier's messages while all five gateways are down, to delivery, each recipient once", async () => {
    expect(stack.info.channels.map((c) => c.name)).toEqual([
      'cmcc-cmpp',
      'cucc-sgip',
      'ctcc-smgp',
      'ctcc-cngp',
      'intl-smpp',
    ]);
    expect(stack.info.modemPool?.modems.map((m) => m.id)).toEqual(['modem-a', 'modem-b']);
    expect(await modemRecipients()).toEqual({});

    await setGateways('down');
    await waitCarriersDown();
    const to = recipients(101, 4, ['138', '130', '133', '192', '+44']);
    const ids = await send(to, '【测试】备用通道：运营商网关全部中断时经短信猫发出。');
    const sent = await waitFinal(ids, 90_000);

    expect(sent.map((m) => m.status)).toEqual(ids.map(() => 'delivered'));
    expect(sent.every((m) => m.channel === 'modem-pool')).toBe(true);
    // One segment each, sent by one of the two modems: `<modem id>:<TP-MR>:<recipient digits>`.
    for (const message of sent) {
      expect(message.carrierMessageIds).toHaveLength(1);
      expect(message.carrierMessageIds[0]).toMatch(
        new RegExp(`^modem-[ab]:\\d{1,3}:${onTheAir(message.recipient).slice(1)}$`),
      );
    }
    // The modems sent exactly what was routed to them (alarms to operators included, if any
    // went out this way), each once, and every message of this test among it.
    const routed = await pool.query<{ recipient: string }>(
      `SELECT m.recipient FROM messages m JOIN channels c ON c.id = m.channel_id WHERE c.name = 'modem-pool'`,
    );
    const expected = Object.fromEntries(routed.rows.map((row) => [onTheAir(row.recipient), 1]));
    expect(await modemRecipients()).toEqual(expected);
    for (const message of sent) expect(expected[onTheAir(message.recipient)]).toBe(1);
    const [a, b] = await modems();
    // A job of twenty spreads over both modems; each sent a status report per segment.
    expect(a!.stats.segments).toBeGreaterThan(0);
    expect(b!.stats.segments).toBeGreaterThan(0);
    expect(a!.stats.reportsSent + b!.stats.reportsSent).toBe(a!.stats.segments + b!.stats.segments);
    // Every AT+CMGS the worker started went out: none was abandoned (no prompt, no answer).
    for (const modem of [a!, b!]) expect(modem.stats.byCommand['+CMGS']).toBe(modem.stats.segments);
  }, 150_000);

  it('sends through the carriers again, not the modems, once the gateways are back', async () => {
    await setGateways('normal');
    await stack.waitForChannels(
      stack.info.channels.map((c) => String(c.id)),
      90_000,
    );
    const before = await modemRecipients();

    const to = recipients(201, 3, ['138', '130', '133', '189', '+44']);
    const ids = await send(to, '【测试】网关恢复后走运营商通道。');
    const sent = await waitFinal(ids, 60_000);

    expect(sent.map((m) => m.status)).toEqual(ids.map(() => 'delivered'));
    const own: Record<string, string> = {
      '138': 'cmcc-cmpp',
      '130': 'cucc-sgip',
      '133': 'ctcc-smgp',
      '189': 'ctcc-cngp',
      '447': 'intl-smpp',
    };
    for (const message of sent) expect(message.channel).toBe(own[message.recipient.slice(0, 3)]);
    expect(await modemRecipients()).toEqual(before);
  }, 150_000);
});
