import { createPool, WEBHOOK_NOTIFY_CHANNEL } from '@smshub/db';
import { createTestDatabase, type TestDatabase } from '@smshub/db/testing';
import type pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listenForDeliveries } from '../src/listen.js';

describe('listenForDeliveries', () => {
  let db: TestDatabase;
  let pool: pg.Pool;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = createPool(db.url, { max: 2 });
  });

  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });

  const listenerPid = async (): Promise<number | null> => {
    const { rows } = await pool.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity WHERE datname = $1 AND application_name = 'smshub-webhooks-listen' AND query ILIKE 'LISTEN%'`,
      [db.name],
    );
    return rows[0]?.pid ?? null;
  };

  it('wakes on connect and on every NOTIFY, and comes back after its session is killed', async () => {
    let wakes = 0;
    const listener = listenForDeliveries({
      url: db.url,
      logger: pino({ level: 'silent' }),
      onWake: () => (wakes += 1),
    });
    try {
      await expect.poll(() => wakes, { message: 'the first connect' }).toBe(1);
      await pool.query(`SELECT pg_notify($1, '')`, [WEBHOOK_NOTIFY_CHANNEL]);
      await expect.poll(() => wakes, { message: 'a notification' }).toBe(2);
      await pool.query(`SELECT pg_notify('some_other_channel', '')`);

      const pid = await listenerPid();
      expect(pid).not.toBeNull();
      await pool.query('SELECT pg_terminate_backend($1)', [pid]);
      // Reconnected (about a second later): the reconnect itself wakes, since notifications sent
      // meanwhile were lost.
      await expect.poll(() => wakes, { message: 'the reconnect' }).toBe(3);
      await expect
        .poll(
          async () => {
            const next = await listenerPid();
            return next !== null && next !== pid;
          },
          { message: 'the new session' },
        )
        .toBe(true);
      await pool.query(`SELECT pg_notify($1, '')`, [WEBHOOK_NOTIFY_CHANNEL]);
      await expect.poll(() => wakes, { message: 'a notification on the new session' }).toBe(4);
    } finally {
      await listener.stop();
    }
    await expect.poll(() => listenerPid(), { message: 'the session to close' }).toBeNull();
    expect(wakes).toBe(4);
  });
});
