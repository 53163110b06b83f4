import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assignChannels,
  claimForChannel,
  createPool,
  createPrisma,
  failMessages,
  loadForDispatch,
  markSubmitted,
  matchReports,
  releaseForRetry,
  seedBase,
  settleFromSegments,
  storeAcknowledged,
  storeReports,
  type Queryable,
} from '../src/index.js';
import { createTestDatabase, type TestDatabase } from '../src/testing/index.js';

/*
 * The hot path's statements on a database PostgreSQL knows nothing about: a server with
 * autovacuum off never analyzes messages, segments and status_reports, so the planner sees only
 * their size. Every statement of a flush must still reach those tables by key from the rows in
 * hand — never a scan of a whole table, nor of a partial index by its predicate alone (that
 * index keeps an entry for every report that was ever unmatched until a vacuum: the scan grew
 * with the table, issue 10). Each statement runs under EXPLAIN ANALYZE and is rolled back.
 */

const HOT_TABLES = new Set(['messages', 'segments', 'status_reports']);
/**
 * A flush's batch against the table's history: a plan whose cost is bounded probes by key at this
 * ratio; one whose estimate grows with the table (a default selectivity per id) scans it.
 */
const HISTORY = 30_000;
const BATCH = 20;

let db: TestDatabase;
let pool: ReturnType<typeof createPool>;
let channelId: bigint;
/** In-flight messages by state, BATCH each. */
const ids: Record<'accepted' | 'queued' | 'submitting', bigint[]> = { accepted: [], queued: [], submitting: [] };

beforeAll(async () => {
  db = await createTestDatabase();
  pool = createPool(db.url, { max: 2 });
  const prisma = createPrisma(db.url);
  try {
    const { platform, businessTypes } = await seedBase(prisma);
    const channel = await prisma.channel.create({
      data: {
        name: 'cmcc',
        protocol: 'cmpp',
        protocolVersion: '3.0',
        host: '127.0.0.1',
        port: 1,
        account: 'a',
        secret: 's',
        spNumber: '1069',
      },
    });
    channelId = channel.id;
    const q = (sql: string, params: unknown[] = []) => pool.query(sql, params);
    const common = [platform.id, businessTypes[0]!.id, channelId];
    // History: final messages with their segment and their report — which came before the submit
    // response (stored unmatched, matched later), as most did in the batched bench.
    await q(
      `INSERT INTO messages (org_id, business_type_id, recipient, carrier_code, text, encoding, segment_count, status,
                             channel_id, expires_at, submitted_at, final_at, attempts)
       SELECT $1, $2, (13800000000 + g)::text, 'CMCC', 'history ' || g, 'gsm7', 1, 'delivered', $3,
              now() + interval '1 day', now(), now(), 1
         FROM generate_series(1, $4::int) g`,
      [...common, HISTORY],
    );
    await q(
      `INSERT INTO segments (message_id, seq, total, channel_id, carrier_message_id, status, submit_attempts, submitted_at,
                             report_state, report_code, report_at)
       SELECT id, 1, 1, channel_id, 'h' || id, 'delivered', 1, now(), 'DELIVRD', 'DELIVRD', now() FROM messages`,
    );
    await q(
      `INSERT INTO status_reports (channel_id, carrier_message_id, recipient, state, code)
       SELECT channel_id, 'h' || id, recipient, 'DELIVRD', 'DELIVRD' FROM messages`,
    );
    await q(`UPDATE status_reports r SET matched_at = now(), message_id = s.message_id, segment_seq = s.seq
               FROM segments s WHERE s.channel_id = r.channel_id AND s.carrier_message_id = r.carrier_message_id`);
    for (const status of ['accepted', 'queued', 'submitting'] as const) {
      const rows = await q(
        `INSERT INTO messages (org_id, business_type_id, recipient, carrier_code, text, encoding, segment_count, status,
                               channel_id, expires_at, attempts)
         SELECT $1, $2, (13900000000 + g)::text, 'CMCC', 'now ' || g, 'gsm7', 1, $5::message_status,
                CASE WHEN $5 = 'accepted' THEN NULL ELSE $3::bigint END, now() + interval '1 day',
                CASE WHEN $5 = 'submitting' THEN 1 ELSE 0 END
           FROM generate_series(1, $4::int) g
         RETURNING id`,
        [...common, BATCH, status],
      );
      ids[status] = rows.rows.map((row: { id: string }) => BigInt(row.id));
    }
    // Half the in-flight messages' reports came before their submit responses.
    await q(
      `INSERT INTO status_reports (channel_id, carrier_message_id, recipient, state, code)
       SELECT channel_id, 'n' || id, recipient, 'DELIVRD', 'DELIVRD' FROM messages
        WHERE status = 'submitting' AND id % 2 = 0`,
    );
    // What a never-analyzed table looks like to the planner (the template database was analyzed
    // when it was migrated, empty).
    await q(
      `DELETE FROM pg_statistic WHERE starelid IN ('messages'::regclass, 'segments'::regclass, 'status_reports'::regclass)`,
    );
    await q(
      `UPDATE pg_class SET reltuples = -1, relpages = 0 WHERE oid IN ('messages'::regclass, 'segments'::regclass, 'status_reports'::regclass)`,
    );
  } finally {
    await prisma.$disconnect();
  }
});

afterAll(async () => {
  await pool?.end();
  await db?.drop();
});

interface PlanNode {
  readonly 'Node Type': string;
  readonly 'Relation Name'?: string;
  readonly 'Index Name'?: string;
  readonly 'Index Cond'?: string;
  readonly Plans?: PlanNode[];
}

/**
 * Runs `work` with a Queryable that EXPLAIN ANALYZEs each statement (answering it with no rows,
 * so `work` stops after its first statement that returns any) inside a transaction rolled back
 * at the end. Returns the plans.
 */
async function plansOf(work: (db: Queryable) => Promise<unknown>): Promise<{ sql: string; plan: PlanNode }[]> {
  const client = await pool.connect();
  const plans: { sql: string; plan: PlanNode }[] = [];
  const explaining = {
    query: async (sql: string, params?: unknown[]) => {
      const result = await client.query<{ 'QUERY PLAN': { Plan: PlanNode }[] }>(
        `EXPLAIN (ANALYZE, FORMAT JSON) ${sql}`,
        params,
      );
      plans.push({ sql, plan: result.rows[0]!['QUERY PLAN'][0]!.Plan });
      return { rows: [], rowCount: 0 };
    },
  } as unknown as pg.PoolClient;
  try {
    await client.query('BEGIN');
    await work(explaining);
  } finally {
    await client.query('ROLLBACK');
    client.release();
  }
  return plans;
}

/** Scans of the hot tables that do not start from keys in hand: whole tables, or partial indexes by predicate. */
function unkeyedScans(node: PlanNode, relation: string | null = null, found: string[] = []): string[] {
  const type = node['Node Type'];
  if (node['Relation Name'] !== undefined && HOT_TABLES.has(node['Relation Name'])) {
    if (type === 'Seq Scan') found.push(`Seq Scan on ${node['Relation Name']}`);
    if ((type === 'Index Scan' || type === 'Index Only Scan') && node['Index Cond'] === undefined)
      found.push(`${type} on ${node['Relation Name']} using ${node['Index Name']} without a key`);
  }
  if (type === 'Bitmap Heap Scan') relation = node['Relation Name'] ?? null;
  if (type === 'Bitmap Index Scan' && relation !== null && HOT_TABLES.has(relation) && node['Index Cond'] === undefined)
    found.push(`Bitmap Index Scan on ${node['Index Name']} (${relation}) without a key`);
  for (const child of node.Plans ?? []) unkeyedScans(child, type === 'Bitmap Heap Scan' ? relation : null, found);
  return found;
}

function tree(node: PlanNode, depth = 0): string {
  const n = node as PlanNode & Record<string, unknown>;
  const line = `${'  '.repeat(depth)}${n['Node Type']}${n['Relation Name'] ? ' on ' + String(n['Relation Name']) : ''}${n['Index Name'] ? ' using ' + String(n['Index Name']) : ''} (est ${String(n['Plan Rows'])}, actual ${String(n['Actual Rows'])}, cost ${String(n['Total Cost'])})${n['Index Cond'] ? ' cond ' + String(n['Index Cond']) : ''}${n['Hash Cond'] ? ' hash ' + String(n['Hash Cond']) : ''}`;
  return [line, ...(node.Plans ?? []).map((child) => tree(child, depth + 1))].join('\n');
}

async function expectKeyed(work: (db: Queryable) => Promise<unknown>): Promise<void> {
  const plans = await plansOf(work);
  expect(plans.length).toBeGreaterThan(0);
  for (const { sql, plan } of plans) {
    expect(unkeyedScans(plan), `${sql.slice(0, 200)}\n${tree(plan)}`).toEqual([]);
  }
}

const acknowledged = () =>
  ids.submitting.map((messageId) => ({
    messageId,
    seq: 1,
    total: 1,
    channelId,
    carrierMessageId: `n${messageId}`,
    attempts: 1,
    submittedAt: new Date(),
  }));

describe('hot-path statements on never-analyzed tables', () => {
  it('stores acknowledged segments, applying the reports that came first, by key', async () => {
    await expectKeyed((q) => storeAcknowledged(q, acknowledged()));
  });

  it('stores reports and matches them to their segments by key', async () => {
    await expectKeyed((q) =>
      storeReports(
        q,
        ids.submitting.map((id) => ({
          channelId,
          carrierMessageId: `h${id - BigInt(BATCH)}`,
          recipient: '13800000000',
          state: 'DELIVRD' as const,
          code: 'DELIVRD',
          error: null,
          doneAt: null,
        })),
      ),
    );
  });

  it('closes messages from their segments by key', async () => {
    await expectKeyed((q) => settleFromSegments(q, ids.submitting));
  });

  it("reads a large flush's segments by key, not as a share of the table per id", async () => {
    // A flush of a thousand reports: at 0.5 % of the table per id (the default selectivity), an
    // "= ANY (ids)" over segments is all of it.
    const many = [...ids.submitting, ...Array.from({ length: 1_000 }, (_, i) => BigInt(i + 1))];
    const plans = await plansOf((q) => settleFromSegments(q, many));
    const scans = plans.flatMap(({ plan }) => unkeyedScans(plan)).filter((scan) => scan.includes('segments'));
    expect(scans, plans.map(({ plan }) => tree(plan)).join('\n\n')).toEqual([]);
  });

  it('loads, assigns, claims, marks and releases messages by key', async () => {
    await expectKeyed((q) => loadForDispatch(q, ids.accepted));
    await expectKeyed((q) =>
      assignChannels(
        q,
        ids.accepted.map((id) => ({ id, channelId })),
      ),
    );
    await expectKeyed((q) => claimForChannel(q, channelId, ids.queued));
    await expectKeyed((q) => markSubmitted(q, ids.submitting));
    await expectKeyed((q) =>
      releaseForRetry(
        q,
        ids.submitting.map((id) => ({ id, detail: 'again', uncount: false })),
      ),
    );
    await expectKeyed((q) =>
      failMessages(
        q,
        ids.submitting.map((id) => ({ id, status: 'failed' as const, errorCode: 'NO_ROUTE' as const, detail: 'x' })),
      ),
    );
  });

  it('sweeps unmatched reports from their own index, each one to its segment by key', async () => {
    const plans = await plansOf((q) => matchReports(q, { olderThanMs: 0, limit: 5_000 }));
    const scans = plans.flatMap(({ plan }) => unkeyedScans(plan));
    // The sweep starts from the unmatched reports' partial index in received_at order (bounded by
    // its LIMIT); everything else is keyed.
    expect(
      scans.every((scan) => scan.includes('status_reports_unmatched_idx')),
      scans.join('\n'),
    ).toBe(true);
  });
});
