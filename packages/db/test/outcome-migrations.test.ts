import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../src/migrate/migrate.js';
import { DEFAULT_MIGRATIONS_DIR } from '../src/migrate/migration-files.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.js';

/*
 * The data the 2026-12-03 outcome migrations find on a running installation: campaigns stuck in
 * 'sending', and delivered-basis messages in flight that intake charged at acceptance. Migrated
 * up to just before them, given such rows, then migrated to the end.
 */

/** The first of them; it and every later migration wait for the second run. */
const FIRST_OF_OURS = '20261203122000_campaign_lifecycle';

let db: TestDatabase;
let client: pg.Client;
let before: string;

beforeAll(async () => {
  db = await createTestDatabase({ empty: true });
  before = await mkdtemp(join(tmpdir(), 'smshub-outcome-migrations-'));
  await cp(DEFAULT_MIGRATIONS_DIR, before, { recursive: true });
  // Everything from the first of ours on is left out of the first run.
  for (const name of await readdir(before)) {
    if (name >= FIRST_OF_OURS && !name.endsWith('.toml')) await rm(join(before, name), { recursive: true });
  }
  await migrate(db.url, { migrationsDir: before });
  client = new pg.Client({ connectionString: db.url });
  await client.connect();
});

afterAll(async () => {
  await client?.end();
  await rm(before, { recursive: true, force: true });
  await db?.drop();
});

async function one<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T> {
  const row = (await client.query<T>(sql, params)).rows[0];
  if (row === undefined) throw new Error(`no row: ${sql}`);
  return row;
}

describe('outcome migrations on existing data', () => {
  it('turn in-flight delivered-basis charges into holds and settle stuck campaigns', async () => {
    const org = await one<{ id: string }>(
      `INSERT INTO orgs (kind, name, billing_mode, balance) VALUES ('enterprise', 'shop', 'prepaid', 800) RETURNING id`,
    );
    const type = await one<{ id: string }>(
      `INSERT INTO business_types (code, name, priority, price_per_segment, charge_basis, max_queue_wait_seconds, validity_seconds)
       VALUES ('on-delivery', 'on delivery', 20, 50, 'delivered', 60, 3600) RETURNING id`,
    );
    const campaign = (status: string) =>
      one<{ id: string }>(
        `INSERT INTO campaigns (org_id, kind, name, business_type_id, status, recipient_count, send_at)
         VALUES ($1, 'api', 'c', $2, $3, 2, $4) RETURNING id`,
        [org.id, type.id, status, status === 'scheduled' ? new Date(Date.now() + 600_000) : null],
      );
    const inFlight = await campaign('sending');
    const finished = await campaign('sending');
    const future = await campaign('sending');
    const messages = async (campaignId: string, status: string, sendAt = new Date()) =>
      client.query(
        `INSERT INTO messages (org_id, campaign_id, business_type_id, recipient, text, encoding, segment_count, price,
                               status, send_at, expires_at, final_at)
         SELECT $1, $2, $3, '1380013800' || n, 'hi', 'ucs2', 1, 50, $4::message_status, $5, now() + interval '1 hour',
                CASE WHEN $4 IN ('delivered', 'undelivered') THEN now() END
           FROM generate_series(1, 2) AS n`,
        [org.id, campaignId, type.id, status, sendAt],
      );
    await messages(inFlight.id, 'submitted');
    await messages(finished.id, 'delivered');
    await messages(future.id, 'accepted', new Date(Date.now() + 600_000));
    // What the old intake booked: a recharge of 1000, then 100 for each campaign still in flight
    // (the finished one was charged too, and stays so: it is final).
    await client.query(
      `INSERT INTO ledger_entries (org_id, kind, amount, balance_after, campaign_id, note)
       VALUES ($1, 'recharge', 1100, 1100, NULL, 'recharge'), ($1, 'charge', -100, 1000, $3, 'API call'),
              ($1, 'charge', -100, 900, $2, 'API call'), ($1, 'charge', -100, 800, $4, 'API call')`,
      [org.id, inFlight.id, finished.id, future.id],
    );

    await migrate(db.url);

    const after = await one<{ balance: string; reserved: string; ledger: string }>(
      `SELECT o.balance, o.reserved, (SELECT sum(amount) FROM ledger_entries l WHERE l.org_id = o.id) AS ledger
         FROM orgs o WHERE o.id = $1`,
      [org.id],
    );
    // The charge came back and is held instead: nothing spendable changed, balance = ledger.
    expect(after).toEqual({ balance: '1000', reserved: '200', ledger: '1000' });
    const refunds = await client.query<{ amount: string; balance_after: string; campaign_id: string }>(
      `SELECT amount, balance_after, campaign_id FROM ledger_entries WHERE org_id = $1 AND kind = 'refund' ORDER BY campaign_id`,
      [org.id],
    );
    // balance_after runs in campaign order, as the ledger's running sum.
    expect(refunds.rows).toEqual([
      { amount: '100', balance_after: '900', campaign_id: inFlight.id },
      { amount: '100', balance_after: '1000', campaign_id: future.id },
    ]);
    const statuses = await client.query<{ id: string; status: string; completed: boolean }>(
      `SELECT id, status, completed_at IS NOT NULL AS completed FROM campaigns WHERE org_id = $1 ORDER BY id`,
      [org.id],
    );
    expect(statuses.rows).toEqual([
      { id: inFlight.id, status: 'sending', completed: false },
      { id: finished.id, status: 'completed', completed: true },
      { id: future.id, status: 'scheduled', completed: false },
    ]);
  });
});
