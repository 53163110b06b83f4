import pg from 'pg';
import type { IntakeBatch, IntakeMessage, IntakeOutcome } from './intake.js';

/**
 * Several API calls — of one org or many — stored in one transaction (group commit): one
 * campaigns INSERT, one messages INSERT, one lock of the orgs, one charge statement, one COMMIT,
 * whatever the number of calls. Each call still gets the outcome it would have had alone and in
 * the group's order: 'duplicate' when its client_ref was taken, 'refused' — storing nothing —
 * when its org could not pay for it after the group's earlier calls of that org, 'stored'
 * otherwise. Nothing is visible to anyone before COMMIT.
 */

/** What an org can spend, as its row says when locked. */
export interface OrgFunds {
  readonly billingMode: 'prepaid' | 'postpaid';
  readonly balance: bigint;
  readonly reserved: bigint;
  readonly creditLimit: bigint;
}

export interface ChargeRequest {
  readonly orgId: bigint;
  /** li; 0 is always taken. */
  readonly amount: bigint;
  /** Charged on delivery: held (orgs.reserved), not taken from the balance. */
  readonly hold: boolean;
}

export type ChargeDecision =
  { readonly kind: 'charged'; readonly balanceAfter: bigint } | { readonly kind: 'refused'; readonly funds: OrgFunds };

export interface ChargePlan {
  /** One per request, in order. */
  readonly decisions: readonly ChargeDecision[];
  /** Per org with anything to move: li off the balance, li onto the holds. */
  readonly totals: ReadonlyMap<bigint, { readonly charge: bigint; readonly hold: bigint }>;
}

/**
 * Decides the charges of a group in order, per org, exactly as one call after another would
 * have: a call is taken when what its org can still spend — balance less holds, plus the credit
 * limit when postpaid — covers it, and refused otherwise, while the org's later calls that still
 * fit go through. A refusal reports the org as that call would have found it.
 */
export function decideCharges(funds: ReadonlyMap<bigint, OrgFunds>, requests: readonly ChargeRequest[]): ChargePlan {
  const running = new Map<bigint, { balance: bigint; reserved: bigint }>();
  const totals = new Map<bigint, { charge: bigint; hold: bigint }>();
  const decisions = requests.map((request): ChargeDecision => {
    const org = funds.get(request.orgId);
    if (org === undefined) throw new Error(`intake: org ${request.orgId} does not exist`);
    let now = running.get(request.orgId);
    if (now === undefined) {
      now = { balance: org.balance, reserved: org.reserved };
      running.set(request.orgId, now);
    }
    if (request.amount === 0n) return { kind: 'charged', balanceAfter: now.balance };
    const spendable = now.balance - now.reserved + (org.billingMode === 'postpaid' ? org.creditLimit : 0n);
    if (spendable < request.amount) {
      return { kind: 'refused', funds: { ...org, balance: now.balance, reserved: now.reserved } };
    }
    let total = totals.get(request.orgId);
    if (total === undefined) {
      total = { charge: 0n, hold: 0n };
      totals.set(request.orgId, total);
    }
    if (request.hold) {
      now.reserved += request.amount;
      total.hold += request.amount;
    } else {
      now.balance -= request.amount;
      total.charge += request.amount;
    }
    return { kind: 'charged', balanceAfter: now.balance };
  });
  return { decisions, totals };
}

/**
 * COMMIT was sent but not answered (the connection broke): the group may be stored or not, so
 * storing its calls again could store them twice. Every caller gets this error, as a lone call
 * in the same spot would.
 */
export class IntakeCommitUnknownError extends Error {
  constructor(calls: number, cause: unknown) {
    super(`intake: COMMIT of a group of ${calls} calls got no answer; it may or may not be stored: ${String(cause)}`, {
      cause,
    });
    this.name = 'IntakeCommitUnknownError';
  }
}

/**
 * Stores the calls in one transaction. No two of them may share an org and a client_ref (the
 * committer keeps one of such calls back). Any failing statement before COMMIT fails the whole
 * group and leaves nothing behind, and the caller may store the calls one by one to find the bad
 * one; a COMMIT without an answer is an IntakeCommitUnknownError, after which it may not.
 */
export async function storeIntakeGroup(pool: pg.Pool, batches: readonly IntakeBatch[]): Promise<IntakeOutcome[]> {
  const refs = new Set<string>();
  for (const batch of batches) {
    if (batch.clientRef === null) continue;
    const key = `${batch.orgId}\0${batch.clientRef}`;
    if (refs.has(key)) throw new Error(`intake: two calls of org ${batch.orgId} with client_ref ${batch.clientRef}`);
    refs.add(key);
  }
  const sums = batches.map((batch) => {
    let amount = 0n;
    let segmentCount = 0;
    for (const message of batch.messages) {
      amount += message.price;
      segmentCount += message.segmentCount;
    }
    return { amount, segmentCount };
  });

  const client = await pool.connect();
  let open = false;
  let committing = false;
  try {
    await client.query('BEGIN');
    open = true;
    const campaigns = await insertCampaigns(client, batches, sums);

    // Messages of every call that claimed its campaign, then the charge last: the orgs' rows
    // stay locked from the charge to COMMIT, and other transactions of those orgs queue on them.
    const stored = batches.flatMap((_, i) => (campaigns[i]?.stored === true ? [i] : []));
    const messageIds = await insertMessages(client, stored, batches, campaigns);

    const orgIds = [...new Set(stored.map((i) => (batches[i] as IntakeBatch).orgId))].sort((a, b) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    // In id order, so two groups sharing orgs lock them in the same order and cannot deadlock.
    // NO KEY UPDATE, as an UPDATE of the row takes: the foreign-key checks of other transactions'
    // inserts (KEY SHARE) go on meanwhile.
    const locked = await client.query<{
      id: bigint;
      billing_mode: 'prepaid' | 'postpaid';
      balance: bigint;
      reserved: bigint;
      credit_limit: bigint;
    }>(
      `SELECT id, billing_mode, balance, reserved, credit_limit FROM orgs
        WHERE id = ANY($1::bigint[]) ORDER BY id FOR NO KEY UPDATE`,
      [orgIds],
    );
    const funds = new Map(
      locked.rows.map((row) => [
        row.id,
        { billingMode: row.billing_mode, balance: row.balance, reserved: row.reserved, creditLimit: row.credit_limit },
      ]),
    );
    const plan = decideCharges(
      funds,
      stored.map((i) => ({
        orgId: (batches[i] as IntakeBatch).orgId,
        amount: (sums[i] as { amount: bigint }).amount,
        hold: campaigns[i]?.hold === true,
      })),
    );
    const decisionOf = new Map(stored.map((call, j) => [call, plan.decisions[j] as ChargeDecision]));
    await charge(client, plan, stored, batches, sums, campaigns, decisionOf);

    const refused = stored.filter((i) => decisionOf.get(i)?.kind === 'refused');
    if (refused.length > 0) {
      // A refused call stores nothing: its rows go again before anyone could see them, and its
      // client_ref is free for a later call once this commits.
      const ids = refused.map((i) => campaigns[i]?.id as bigint);
      await client.query('DELETE FROM messages WHERE campaign_id = ANY($1::bigint[])', [ids]);
      await client.query('DELETE FROM campaigns WHERE id = ANY($1::bigint[])', [ids]);
    }
    committing = true;
    await client.query('COMMIT');
    open = false;

    return batches.map((batch, i): IntakeOutcome => {
      const campaign = campaigns[i];
      const decision = decisionOf.get(i);
      if (campaign === undefined || !campaign.stored || decision === undefined) return { kind: 'duplicate' };
      const amount = (sums[i] as { amount: bigint }).amount;
      if (decision.kind === 'refused') return { kind: 'refused', needed: amount, ...decision.funds };
      return {
        kind: 'stored',
        campaignId: campaign.id,
        messageIds: messageIds.get(i) ?? [],
        amount,
        chargeBasis: amount > 0n && campaign.hold ? 'delivered' : 'accepted',
        balanceAfter: decision.balanceAfter,
      };
    });
  } catch (error) {
    // An error the server sent means it rolled back; anything else after COMMIT leaves it open.
    if (committing && !(error instanceof pg.DatabaseError)) throw new IntakeCommitUnknownError(batches.length, error);
    if (open) await client.query('ROLLBACK').catch(() => undefined);
    throw new Error(`intake: storing a group of ${batches.length} calls failed: ${String(error)}`, { cause: error });
  } finally {
    client.release();
  }
}

interface CampaignRow {
  readonly id: bigint;
  /** false: another campaign of the org already holds the client_ref. */
  readonly stored: boolean;
  /** The business type is charged on delivery. */
  readonly hold: boolean;
}

/**
 * One INSERT for every call's campaign. Ids are drawn first, so each call knows its own even when
 * ON CONFLICT skips some rows. Rows go in ordered by (org, client_ref): two groups that both wait
 * on each other's client_refs would otherwise be able to deadlock.
 */
async function insertCampaigns(
  client: pg.PoolClient,
  batches: readonly IntakeBatch[],
  sums: readonly { amount: bigint; segmentCount: number }[],
): Promise<CampaignRow[]> {
  const result = await client.query<CampaignRow>(
    `WITH input AS (
       SELECT nextval(pg_get_serial_sequence('campaigns', 'id')) AS id, c.*
         FROM (SELECT * FROM unnest($1::bigint[], $2::campaign_kind[], $3::text[], $4::bigint[], $5::text[], $6::text[],
                                    $7::text[], $8::timestamptz[], $9::boolean[], $10::int4[], $11::int4[], $12::int8[])
                      WITH ORDINALITY AS u(org_id, kind, name, business_type_id, client_ref, request_hash, text, send_at,
                                           empty, recipient_count, segment_count, amount, ord)
                ORDER BY u.ord) c
     ), inserted AS (
       INSERT INTO campaigns (id, org_id, kind, name, business_type_id, client_ref, request_hash, rejections, text,
                              send_at, status, recipient_count, segment_count, amount, completed_at)
       SELECT id, org_id, kind, name, business_type_id, client_ref, request_hash, $13::jsonb -> (ord::int - 1), text,
              send_at,
              CASE WHEN empty THEN 'completed' WHEN send_at > now() THEN 'scheduled' ELSE 'sending' END::campaign_status,
              recipient_count, segment_count, amount, CASE WHEN empty THEN now() END
         FROM input
        ORDER BY org_id, client_ref, ord
       ON CONFLICT (org_id, client_ref) DO NOTHING
       RETURNING id
     )
     SELECT input.id, inserted.id IS NOT NULL AS stored, bt.charge_basis = 'delivered' AS hold
       FROM input
       LEFT JOIN inserted ON inserted.id = input.id
       JOIN business_types bt ON bt.id = input.business_type_id
      ORDER BY input.ord`,
    [
      batches.map((batch) => batch.orgId),
      batches.map((batch) => batch.kind ?? 'api'),
      batches.map((batch) => batch.name),
      batches.map((batch) => batch.businessTypeId),
      batches.map((batch) => batch.clientRef),
      batches.map((batch) => batch.requestHash),
      batches.map((batch) => batch.commonText),
      batches.map((batch) => batch.sendAt),
      batches.map((batch) => batch.messages.length === 0),
      batches.map((batch) => batch.recipientCount),
      sums.map((sum) => sum.segmentCount),
      sums.map((sum) => sum.amount),
      JSON.stringify(batches.map((batch) => batch.rejections)),
    ],
  );
  if (result.rows.length !== batches.length) {
    throw new Error(`intake: ${result.rows.length} campaign rows for ${batches.length} calls`);
  }
  return result.rows;
}

/**
 * Every stored call's messages in one statement, texts sent once each. ORDER BY ordinality hands
 * out ids in call order and, within a call, in request order, which RETURNING reports in the
 * same order; each call takes its slice.
 */
async function insertMessages(
  client: pg.PoolClient,
  stored: readonly number[],
  batches: readonly IntakeBatch[],
  campaigns: readonly CampaignRow[],
): Promise<Map<number, bigint[]>> {
  const texts: string[] = [];
  const textIndexOf = new Map<string, number>();
  const recipients: string[] = [];
  const carriers: string[] = [];
  const textIndexes: number[] = [];
  const encodings: string[] = [];
  const segments: number[] = [];
  const prices: bigint[] = [];
  const calls: number[] = [];
  const withMessages = stored.filter((i) => (batches[i] as IntakeBatch).messages.length > 0);
  withMessages.forEach((i, call) => {
    for (const message of (batches[i] as IntakeBatch).messages as readonly IntakeMessage[]) {
      let textIndex = textIndexOf.get(message.text);
      if (textIndex === undefined) {
        texts.push(message.text);
        textIndex = texts.length; // PostgreSQL arrays are 1-based
        textIndexOf.set(message.text, textIndex);
      }
      recipients.push(message.recipient);
      carriers.push(message.carrierCode);
      textIndexes.push(textIndex);
      encodings.push(message.encoding);
      segments.push(message.segmentCount);
      prices.push(message.price);
      calls.push(call + 1);
    }
  });
  const ids = new Map<number, bigint[]>();
  if (recipients.length === 0) return ids;
  const callBatches = withMessages.map((i) => batches[i] as IntakeBatch);
  const inserted = await client.query<{ id: bigint }>(
    `INSERT INTO messages (org_id, campaign_id, business_type_id, recipient, carrier_code, extension, text, encoding,
                           segment_count, price, status, send_at, expires_at)
     SELECT ($1::bigint[])[r.call], ($2::bigint[])[r.call], ($3::bigint[])[r.call], r.recipient, r.carrier_code,
            ($4::text[])[r.call], ($5::text[])[r.text_index], r.encoding::text_encoding, r.segment_count, r.price,
            'accepted', ($6::timestamptz[])[r.call], ($7::timestamptz[])[r.call]
       FROM unnest($8::text[], $9::text[], $10::int4[], $11::text[], $12::int4[], $13::int8[], $14::int4[])
            WITH ORDINALITY AS r(recipient, carrier_code, text_index, encoding, segment_count, price, call, ord)
      ORDER BY r.ord
     RETURNING id`,
    [
      callBatches.map((batch) => batch.orgId),
      withMessages.map((i) => campaigns[i]?.id as bigint),
      callBatches.map((batch) => batch.businessTypeId),
      callBatches.map((batch) => batch.extension),
      texts,
      callBatches.map((batch) => batch.sendAt),
      callBatches.map((batch) => batch.expiresAt),
      recipients,
      carriers,
      textIndexes,
      encodings,
      segments,
      prices,
      calls,
    ],
  );
  if (inserted.rows.length !== recipients.length) {
    throw new Error(`intake: inserted ${inserted.rows.length} of ${recipients.length} messages`);
  }
  let start = 0;
  for (const i of withMessages) {
    const n = (batches[i] as IntakeBatch).messages.length;
    ids.set(
      i,
      inserted.rows.slice(start, start + n).map((row) => row.id),
    );
    start += n;
  }
  return ids;
}

/**
 * The group's charges in one statement: each org's row once, by its totals, and a ledger row
 * per charged call (holds have none: the balance does not move), in call order with the balance
 * after it. The totals come from rows locked since the decision, so the CHECKs hold; the counts
 * are checked all the same.
 */
async function charge(
  client: pg.PoolClient,
  plan: ChargePlan,
  stored: readonly number[],
  batches: readonly IntakeBatch[],
  sums: readonly { amount: bigint; segmentCount: number }[],
  campaigns: readonly CampaignRow[],
  decisionOf: ReadonlyMap<number, ChargeDecision>,
): Promise<void> {
  if (plan.totals.size === 0) return;
  const ledger = stored.flatMap((i) => {
    const decision = decisionOf.get(i);
    const sum = sums[i] as { amount: bigint; segmentCount: number };
    const batch = batches[i] as IntakeBatch;
    if (decision?.kind !== 'charged' || sum.amount === 0n || campaigns[i]?.hold === true) return [];
    return [
      {
        orgId: batch.orgId,
        amount: sum.amount,
        balanceAfter: decision.balanceAfter,
        campaignId: campaigns[i]?.id as bigint,
        note: `API call: ${batch.messages.length} messages, ${sum.segmentCount} segments`,
      },
    ];
  });
  const totals = [...plan.totals];
  const result = await client.query<{ orgs: number; entries: number }>(
    `WITH charged AS (
       UPDATE orgs o
          SET balance = o.balance - t.charge, reserved = o.reserved + t.hold, updated_at = now()
         FROM unnest($1::bigint[], $2::int8[], $3::int8[]) AS t(org_id, charge, hold)
        WHERE o.id = t.org_id
       RETURNING o.id
     ), booked AS (
       INSERT INTO ledger_entries (org_id, kind, amount, balance_after, campaign_id, note)
       SELECT l.org_id, 'charge', -l.amount, l.balance_after, l.campaign_id, l.note
         FROM unnest($4::bigint[], $5::int8[], $6::int8[], $7::bigint[], $8::text[])
              WITH ORDINALITY AS l(org_id, amount, balance_after, campaign_id, note, ord)
        ORDER BY l.ord
       RETURNING id
     )
     SELECT (SELECT count(*)::int FROM charged) AS orgs, (SELECT count(*)::int FROM booked) AS entries`,
    [
      totals.map(([orgId]) => orgId),
      totals.map(([, total]) => total.charge),
      totals.map(([, total]) => total.hold),
      ledger.map((entry) => entry.orgId),
      ledger.map((entry) => entry.amount),
      ledger.map((entry) => entry.balanceAfter),
      ledger.map((entry) => entry.campaignId),
      ledger.map((entry) => entry.note),
    ],
  );
  const counts = result.rows[0];
  if (counts?.orgs !== totals.length || counts.entries !== ledger.length) {
    throw new Error(
      `intake: charged ${counts?.orgs} of ${totals.length} orgs and booked ${counts?.entries} of ${ledger.length} ledger rows`,
    );
  }
}
