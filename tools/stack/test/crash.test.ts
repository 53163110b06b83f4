import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Stack } from '../src/index.js';
import { StackHarness } from './harness.js';

/*
 * The whole platform as real processes (built dist/) against the simulators: messages go in
 * through the REST API while processes are killed with SIGKILL and connections are cut; every
 * accepted message must end final, none lost, the ledger must balance, and the resends the design
 * allows (submits in flight when a link or a worker died) are counted and printed.
 */

const harness = new StackHarness('crash', {
  webhooks: false,
  // Slow enough that a 20,000-message run keeps every channel busy for several seconds, so the
  // kills land while submits are in flight.
  channelTps: 600,
  dlrDelayMs: { min: 50, max: 500 },
  env: { SMSHUB_LEASE_MS: '3000' },
});
let stack: Stack;
let pool: pg.Pool;
beforeAll(async () => ({ stack, pool } = await harness.start()), 240_000);
afterAll(() => harness.stop(), 120_000);

const PREFIXES = ['138', '130', '133'];

/** Sends `count` messages in calls of 1,000; resolves with the accepted message ids. */
async function send(count: number, tag: string, first: number): Promise<string[]> {
  const ids: string[] = [];
  const calls: { to: string[]; text: string }[] = [];
  for (let i = 0; i < count; i += 1_000) {
    const to = Array.from(
      { length: Math.min(1_000, count - i) },
      (_, j) => `${PREFIXES[(i + j) % 3]}${String(first + i + j).padStart(8, '0')}`,
    );
    calls.push({ to, text: `【测试】${tag} ${i} 您的验证码是 ${100000 + i}。` });
  }
  let next = 0;
  await Promise.all(
    [0, 1].map(async () => {
      while (next < calls.length) {
        const call = calls[next++]!;
        ids.push(...(await harness.send({ business_type: 'verification', ...call })));
      }
    }),
  );
  return ids;
}

const waitFinal = (ids: readonly string[], timeoutMs: number) => harness.waitFinal(ids, timeoutMs);

async function resends(ids: readonly string[]): Promise<number> {
  const result = await pool.query<{ resent: number }>(
    `SELECT coalesce(sum(submit_attempts - 1), 0)::int AS resent FROM segments WHERE message_id = ANY ($1::bigint[])`,
    [ids],
  );
  return result.rows[0]!.resent;
}

async function simulatorDuplicates(): Promise<number> {
  const gateways = (await (await fetch(`${stack.info.controlUrl}/gateways`)).json()) as {
    stats: { duplicates: number };
  }[];
  return gateways.reduce((sum, g) => sum + g.stats.duplicates, 0);
}

async function ledgerBalances(): Promise<void> {
  const result = await pool.query<{
    balance: bigint;
    ledger: bigint;
    charged: bigint;
    refunded: bigint;
    priced: bigint;
  }>(
    `SELECT o.balance,
            (SELECT coalesce(sum(amount), 0)::bigint FROM ledger_entries l WHERE l.org_id = o.id) AS ledger,
            (SELECT coalesce(-sum(amount), 0)::bigint FROM ledger_entries l WHERE l.org_id = o.id AND kind = 'charge') AS charged,
            (SELECT coalesce(sum(amount), 0)::bigint FROM ledger_entries l WHERE l.org_id = o.id AND kind = 'refund') AS refunded,
            (SELECT coalesce(sum(price), 0)::bigint FROM messages m WHERE m.org_id = o.id) AS priced
       FROM orgs o WHERE o.id = $1`,
    [String(stack.info.orgId)],
  );
  const row = result.rows[0]!;
  // Every change of the balance is a ledger row, and every accepted message was charged once.
  expect(row.ledger).toBe(row.balance);
  expect(row.charged).toBe(row.priced);
  const failedUnsent = await pool.query<{ amount: bigint }>(
    `SELECT coalesce(sum(price), 0)::bigint AS amount FROM messages m WHERE org_id = $1 AND status IN ('failed', 'expired')
        AND NOT EXISTS (SELECT 1 FROM segments s WHERE s.message_id = m.id AND s.carrier_message_id IS NOT NULL)`,
    [String(stack.info.orgId)],
  );
  expect(row.refunded).toBe(failedUnsent.rows[0]!.amount);
}

describe('the demo line-up', () => {
  it('delivers a long Chinese message to one number of each gateway: CMPP 3.0, SGIP 1.2, SMGP 3.0, CNGP 2.0 and SMPP 3.4', async () => {
    const text =
      '【演示】您好，这是一条来自 smshub 的长短信测试，内容超过七十个字，所以会拆成两条发送，每条都带有用户数据头，手机收到后会按参考号和序号拼回原文，请查收，谢谢！';
    const response = await fetch(`${stack.info.apiUrl}/api/v1/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.info.apiKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        business_type: 'notification',
        to: ['13800138000', '13012345678', '13312345678', '18912345678', '+447400123456'],
        text,
      }),
    });
    expect(response.status).toBe(201);
    const body = (await response.json()) as { results: { message_id: string; carrier: string; segments: number }[] };
    expect(body.results.map((r) => [r.carrier, r.segments])).toEqual([
      ['CMCC', 2],
      ['CUCC', 2],
      ['CTCC', 2],
      ['CTCC', 2],
      ['INTL', 2],
    ]);
    const ids = body.results.map((r) => r.message_id);
    expect(await waitFinal(ids, 60_000)).toEqual({ delivered: 5 });
    const routes = await pool.query<{ carrier_code: string; channel: string; segments: number; reported: number }>(
      `SELECT m.carrier_code, c.name AS channel, count(s.*)::int AS segments, count(s.report_state)::int AS reported
         FROM messages m JOIN channels c ON c.id = m.channel_id JOIN segments s ON s.message_id = m.id
        WHERE m.id = ANY ($1::bigint[]) GROUP BY 1, 2 ORDER BY 1, 2`,
      [ids],
    );
    expect(routes.rows).toEqual([
      { carrier_code: 'CMCC', channel: 'cmcc-cmpp', segments: 2, reported: 2 },
      { carrier_code: 'CTCC', channel: 'ctcc-cngp', segments: 2, reported: 2 },
      { carrier_code: 'CTCC', channel: 'ctcc-smgp', segments: 2, reported: 2 },
      { carrier_code: 'CUCC', channel: 'cucc-sgip', segments: 2, reported: 2 },
      { carrier_code: 'INTL', channel: 'intl-smpp', segments: 2, reported: 2 },
    ]);
    // The API reads it back delivered.
    const read = await fetch(`${stack.info.apiUrl}/api/v1/messages/${ids[0]}`, {
      headers: { authorization: `Bearer ${stack.info.apiKey}` },
    });
    expect(((await read.json()) as { status: string }).status).toBe('delivered');
  }, 120_000);
});

describe('the stack under failure', () => {
  it('loses nothing when the dispatcher and the carrier worker are killed with SIGKILL during a 20,000-message run', async () => {
    const dispatcher = stack.child('dispatcher-1');
    const carrier = stack.child('carrier-1');
    let resumedLines = 0;
    const stopWatching = carrier.onLine((line) => {
      if (line.includes('resuming messages the previous owner had in hand')) resumedLines++;
    });
    const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const sending = send(20_000, 'crash', 0);
    await pause(1_500);
    await dispatcher.kill('SIGKILL');
    await pause(500);
    await dispatcher.start();
    for (let kill = 0; kill < 3; kill++) {
      await pause(2_500);
      await carrier.kill('SIGKILL');
      if (kill === 1) await dispatcher.kill('SIGKILL');
      await pause(500);
      await Promise.all([carrier.start(), dispatcher.running ? Promise.resolve() : dispatcher.start()]);
    }
    const ids = await sending;
    expect(ids).toHaveLength(20_000);

    const byStatus = await waitFinal(ids, 150_000);
    stopWatching();
    expect(byStatus).toEqual({ delivered: 20_000 });
    // The kills did land while the worker had messages in hand.
    expect(resumedLines).toBeGreaterThan(0);
    const resent = await resends(ids);
    const duplicates = await simulatorDuplicates();
    process.stdout.write(
      `crash run: 20,000 delivered; segments sent again that may have reached a gateway before (our count, an upper bound): ${resent}; duplicates the gateways saw: ${duplicates}\n`,
    );
    // Only a submit on the wire when a carrier worker died may reach a gateway twice (what the
    // gateway had acknowledged is in PostgreSQL or in the acknowledgement journal): at most
    // window 32 × 2 binds × 3 channels per kill, three kills. Every one is among those we count
    // as resent (an upper bound: most resent segments had not left before the kill).
    expect(duplicates).toBeLessThanOrEqual(resent);
    expect(duplicates).toBeLessThanOrEqual(3 * 3 * 2 * 32);
    await ledgerBalances();
  }, 240_000);

  it('loses nothing when gateways drop their connections in the middle of the window', async () => {
    const before = await simulatorDuplicates();
    for (const name of ['cmcc-cmpp', 'cucc-sgip', 'ctcc-smgp']) {
      const response = await fetch(`${stack.info.controlUrl}/gateways/${name}/behaviour`, {
        method: 'POST',
        body: JSON.stringify({ disconnectProbability: 0.002 }),
      });
      expect(response.status).toBe(200);
    }
    const ids = await send(10_000, 'drops', 100_000);
    const byStatus = await waitFinal(ids, 150_000);
    for (const name of ['cmcc-cmpp', 'cucc-sgip', 'ctcc-smgp']) {
      await fetch(`${stack.info.controlUrl}/gateways/${name}/behaviour`, {
        method: 'POST',
        body: JSON.stringify({ disconnectProbability: 0 }),
      });
    }
    const gateways = (await (await fetch(`${stack.info.controlUrl}/gateways`)).json()) as {
      stats: { disconnectsInjected: number };
    }[];
    const drops = gateways.reduce((sum, g) => sum + g.stats.disconnectsInjected, 0);
    expect(drops).toBeGreaterThan(3);
    expect(byStatus).toEqual({ delivered: 10_000 });
    const resent = await resends(ids);
    const duplicates = (await simulatorDuplicates()) - before;
    process.stdout.write(
      `connection drops: ${drops}; 10,000 delivered; segments resent: ${resent}; duplicates the gateways saw: ${duplicates}\n`,
    );
    // The submits in flight on a dropped link got no answer: they are resent, and those the
    // gateway had already taken are the duplicates it sees — never more than we counted.
    expect(duplicates).toBeLessThanOrEqual(resent);
    await ledgerBalances();
  }, 240_000);
});
