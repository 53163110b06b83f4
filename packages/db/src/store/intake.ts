import { billingMonth, resolveSegmentPrices, type PathPrice } from '@smshub/core';
import type pg from 'pg';
import type { CampaignKind, ChargeBasis } from '../generated/prisma/enums.js';
import { billCalls, storedOutcome, sumOf, type ChargeDecision, type IntakeStoreOptions } from './intake-group.js';

/**
 * Intake's SQL: what a batch of accepted messages needs to know (business type and price,
 * portability overrides, blacklist), and the one transaction that stores the batch — campaign,
 * charge and ledger row, messages — before anyone is told it was accepted. Every query here costs
 * one round trip whatever the batch size (arrays in, unnest out); none is run per message.
 */

export type IntakeMessageStatus = 'accepted';

/** The business type as intake prices and schedules it, with the org's contract price applied. */
export interface IntakeBusinessType {
  readonly id: bigint;
  readonly code: string;
  /** Higher goes sooner (the dispatch job's priority comes from it). */
  readonly priority: number;
  readonly validitySeconds: number;
  /**
   * li per segment for a carrier not in `carrierPrices`: the nearest org on the sender's path with
   * an org_prices '*' row for the type, else the business type's list price (decision 0186).
   */
  readonly pricePerSegment: bigint;
  /** Carriers priced otherwise (a nearer or same-org row of their own); `segmentPriceFor` reads both. */
  readonly carrierPrices: ReadonlyMap<string, bigint>;
  /**
   * Who may not use it, if anyone: `org` when the org or an org above it lists its business types
   * (org_business_types) without this one, `user` when the sending user's own list
   * (user_business_types) leaves it out. null: the caller may send it.
   */
  readonly notEntitled: 'org' | 'user' | null;
}

export interface IntakeReferenceQuery {
  readonly orgId: bigint;
  /** orgs.path of the sender: blacklist entries of the org and of every org above it apply. */
  readonly orgPath: readonly bigint[];
  readonly businessTypeCode: string;
  /** The console user sending, whose own business types apply too; null or absent for an API key. */
  readonly userId?: bigint | null;
  /** National numbers of the Chinese mobiles in the request: portability is looked up for these. */
  readonly nationalNumbers: readonly string[];
  /** Every form of every recipient the blacklist may hold (national and E.164 digits). */
  readonly blacklistCandidates: readonly string[];
}

export interface IntakeReferenceData {
  /** null when no enabled business type has the code. */
  readonly businessType: IntakeBusinessType | null;
  /** National number → carrier code, for the numbers asked about that moved carrier. */
  readonly portability: ReadonlyMap<string, string>;
  /** The candidates that are blacklisted for this org (globally, for it, or for an org above). */
  readonly blacklisted: ReadonlySet<string>;
}

/** Three queries, each one round trip, run side by side on the pool. */
export async function loadIntakeReferenceData(
  pool: pg.Pool,
  query: IntakeReferenceQuery,
): Promise<IntakeReferenceData> {
  const [data] = await loadIntakeReferenceDataForMany(pool, [query]);
  if (data === undefined) throw new Error('intake: reference data for one query gave none');
  return data;
}

/**
 * The reference data of several calls (of any orgs) with the same three queries as one: each asks
 * for the union of what the calls ask, and the answer is split per call here. Portability and
 * the blacklist stay exact per call — a number is blacklisted for a call only by an entry of
 * everyone or of an org on that call's own path.
 */
export async function loadIntakeReferenceDataForMany(
  pool: pg.Pool,
  queries: readonly IntakeReferenceQuery[],
): Promise<IntakeReferenceData[]> {
  const typeKeys = new Map<string, { orgId: bigint; code: string; userId: bigint | null }>();
  const numbers = new Set<string>();
  const candidates = new Set<string>();
  const orgIds = new Set<bigint>();
  for (const query of queries) {
    typeKeys.set(businessTypeKey(query), {
      orgId: query.orgId,
      code: query.businessTypeCode,
      userId: query.userId ?? null,
    });
    for (const number of query.nationalNumbers) numbers.add(number);
    for (const candidate of query.blacklistCandidates) candidates.add(candidate);
    if (query.blacklistCandidates.length > 0) for (const orgId of query.orgPath) orgIds.add(orgId);
  }
  const keys = [...typeKeys.values()];
  const [businessTypes, portability, blacklisted] = await Promise.all([
    pool.query<{
      org_id: bigint;
      asked_code: string;
      user_id: bigint | null;
      id: bigint;
      code: string;
      priority: number;
      validity_seconds: number;
      price_per_segment: bigint;
      price_depths: number[] | null;
      price_carriers: string[] | null;
      price_values: bigint[] | null;
      org_entitled: boolean;
      user_entitled: boolean;
    }>(
      // Entitlements ride along in the same query (primary-key probes, no extra round trip): an
      // org on the sender's path that lists business types must list this one (an org without
      // rows passes on its parent's), and so must the user when it lists any. So do the prices of
      // every org on the sender's path for the type (decision 0186; resolved per carrier below).
      `SELECT q.org_id, q.code AS asked_code, q.user_id, bt.id, bt.code, bt.priority, bt.validity_seconds,
              bt.price_per_segment, pr.depths AS price_depths, pr.carriers AS price_carriers, pr.prices AS price_values,
              NOT EXISTS (SELECT 1 FROM org_business_types e
                           WHERE e.org_id = ANY (o.path)
                           GROUP BY e.org_id HAVING NOT bool_or(e.business_type_id = bt.id)) AS org_entitled,
              NOT EXISTS (SELECT 1 FROM user_business_types u
                           WHERE u.user_id = q.user_id
                           GROUP BY u.user_id HAVING NOT bool_or(u.business_type_id = bt.id)) AS user_entitled
         FROM unnest($1::bigint[], $2::text[], $3::bigint[]) AS q(org_id, code, user_id)
         JOIN business_types bt ON bt.code = q.code AND bt.enabled
         LEFT JOIN orgs o ON o.id = q.org_id
         LEFT JOIN LATERAL (
           SELECT array_agg(array_position(o.path, op.org_id)) AS depths, array_agg(op.carrier_code::text) AS carriers,
                  array_agg(op.price_per_segment) AS prices
             FROM org_prices op
            WHERE op.org_id = ANY (o.path) AND op.business_type_id = bt.id
         ) pr ON true`,
      [keys.map((key) => key.orgId), keys.map((key) => key.code), keys.map((key) => key.userId)],
    ),
    numbers.size === 0
      ? Promise.resolve({ rows: [] as { number: string; carrier_code: string }[] })
      : pool.query<{ number: string; carrier_code: string }>(
          'SELECT number, carrier_code FROM number_portability WHERE number = ANY($1::text[])',
          [[...numbers]],
        ),
    candidates.size === 0
      ? Promise.resolve({ rows: [] as { number: string; org_id: bigint | null }[] })
      : pool.query<{ number: string; org_id: bigint | null }>(
          `SELECT number, org_id FROM blacklist
            WHERE number = ANY($1::text[]) AND (org_id IS NULL OR org_id = ANY($2::bigint[]))`,
          [[...candidates], [...orgIds]],
        ),
  ]);

  const typeOf = new Map<string, IntakeBusinessType>();
  for (const row of businessTypes.rows) {
    const pathPrices: PathPrice[] = (row.price_depths ?? []).map((depth, i) => ({
      depth,
      carrierCode: (row.price_carriers as string[])[i] as string,
      pricePerSegment: (row.price_values as bigint[])[i] as bigint,
    }));
    const prices = resolveSegmentPrices(row.price_per_segment, pathPrices);
    typeOf.set(businessTypeKey({ orgId: row.org_id, businessTypeCode: row.asked_code, userId: row.user_id }), {
      id: row.id,
      code: row.code,
      priority: row.priority,
      validitySeconds: row.validity_seconds,
      pricePerSegment: prices.pricePerSegment,
      carrierPrices: prices.carrierPrices,
      notEntitled: !row.org_entitled ? 'org' : !row.user_entitled ? 'user' : null,
    });
  }
  const carrierOf = new Map(portability.rows.map((row) => [row.number, row.carrier_code]));
  /** Number → the orgs whose entries list it (null: everyone's). */
  const listedBy = new Map<string, (bigint | null)[]>();
  for (const row of blacklisted.rows) {
    const orgs = listedBy.get(row.number);
    if (orgs === undefined) listedBy.set(row.number, [row.org_id]);
    else orgs.push(row.org_id);
  }

  return queries.map((query) => {
    const ported = new Map<string, string>();
    for (const number of query.nationalNumbers) {
      const carrier = carrierOf.get(number);
      if (carrier !== undefined) ported.set(number, carrier);
    }
    const path = new Set(query.orgPath);
    const listed = new Set<string>();
    for (const candidate of query.blacklistCandidates) {
      if (listedBy.get(candidate)?.some((orgId) => orgId === null || path.has(orgId)) === true) listed.add(candidate);
    }
    return {
      businessType: typeOf.get(businessTypeKey(query)) ?? null,
      portability: ported,
      blacklisted: listed,
    };
  });
}

function businessTypeKey(query: Pick<IntakeReferenceQuery, 'orgId' | 'businessTypeCode' | 'userId'>): string {
  return `${query.orgId}\0${query.businessTypeCode}\0${query.userId ?? ''}`;
}

/** One accepted recipient, ready to store. */
export interface IntakeMessage {
  /** National digits for Chinese mobiles, E.164 digits otherwise. */
  readonly recipient: string;
  readonly carrierCode: string;
  readonly text: string;
  readonly encoding: 'gsm7' | 'ucs2';
  readonly segmentCount: number;
  /** li for the whole message at its price (segments × price per segment); packs and plans may take less. */
  readonly price: bigint;
}

/** A recipient refused at intake: it gets no message row, only a place in the campaign. */
export interface IntakeRejection {
  /** Position in the request. */
  readonly index: number;
  /** As the caller wrote it. */
  readonly to: string;
  readonly reason: string;
  readonly message: string;
}

export interface IntakeBatch {
  readonly orgId: bigint;
  /**
   * How the campaign was made: 'api' for a REST call (one recipient or many), 'group' / 'file' /
   * 'scheduled' for the console's group send, file import and scheduled send. Default 'api'.
   */
  readonly kind?: CampaignKind;
  readonly businessTypeId: bigint;
  /** null: not idempotent (NULLs never collide in the unique index). */
  readonly clientRef: string | null;
  readonly requestHash: string;
  readonly name: string;
  /** The common text of a one-text-many-recipients call; null when each recipient has its own. */
  readonly commonText: string | null;
  readonly sendAt: Date;
  readonly expiresAt: Date;
  /** Digits after the SP number: the org's extension code plus the caller's own. */
  readonly extension: string | null;
  /** Accepted and rejected together. */
  readonly recipientCount: number;
  readonly rejections: readonly IntakeRejection[];
  /** In request order; their ids come back in the same order. */
  readonly messages: readonly IntakeMessage[];
}

export type IntakeOutcome =
  | {
      readonly kind: 'stored';
      readonly campaignId: bigint;
      /** Ids of `batch.messages`, in the same order. */
      readonly messageIds: readonly bigint[];
      /** li charged for each of `batch.messages` (after packs and the plan), in the same order. */
      readonly prices: readonly bigint[];
      /** li: what was charged for every message; charged now, or held when `chargeBasis` is 'delivered'. */
      readonly amount: bigint;
      readonly chargeBasis: ChargeBasis;
      /** orgs.balance after the charge (unchanged when nothing was charged, or the amount is held). */
      readonly balanceAfter: bigint;
    }
  /** Another call with the same org and client_ref committed first; nothing was stored. */
  | { readonly kind: 'duplicate' }
  /**
   * What the org can spend — its balance less what delivered-basis messages hold, plus the credit
   * limit when postpaid — does not cover `needed`; nothing was stored.
   */
  | {
      readonly kind: 'refused';
      readonly billingMode: 'prepaid' | 'postpaid';
      readonly needed: bigint;
      readonly balance: bigint;
      /** li held for delivered-basis messages not yet final. */
      readonly reserved: bigint;
      readonly creditLimit: bigint;
    };

/**
 * Stores one API call in one transaction: the campaign (its client_ref claims the call), the
 * charge with its ledger row — or, for a business type charged on delivery, a hold on the org's
 * balance (orgs.reserved, no ledger row: the balance does not change until a message is
 * delivered) — and every message in one multi-row INSERT. Nothing is visible to
 * anyone — dispatcher included — until COMMIT, and the caller answers only after this resolves.
 *
 * A concurrent call with the same client_ref waits on the unique index until the first commits
 * (then gets 'duplicate') or rolls back (then it goes ahead itself): ON CONFLICT DO NOTHING does
 * the waiting, so no unique violation has to be caught.
 */
export async function storeIntake(
  pool: pg.Pool,
  batch: IntakeBatch,
  options: IntakeStoreOptions = {},
): Promise<IntakeOutcome> {
  const { amount, segmentCount } = sumOf(batch);
  const now = (options.now ?? (() => new Date()))();
  const month = billingMonth(now);

  const client = await pool.connect();
  let open = false;
  try {
    await client.query('BEGIN');
    open = true;

    // 'completed' at once when every recipient was refused; 'scheduled' while its messages wait
    // for a future send_at (the dispatcher makes it 'sending' when it routes the first of them).
    // Whether the org has a plan for the type or packs left rides along: without, the charge is
    // the one guarded statement below.
    const campaign = await client.query<{ id: bigint; hold: boolean; billing_rules: boolean }>(
      `WITH inserted AS (
         INSERT INTO campaigns (org_id, kind, name, business_type_id, client_ref, request_hash, rejections, text, send_at,
                                status, recipient_count, segment_count, amount, completed_at)
         VALUES ($1, $13::campaign_kind, $2, $3, $4, $5, $6::jsonb, $7, $8,
                 CASE WHEN $9::boolean THEN 'completed' WHEN $8::timestamptz > now() THEN 'scheduled' ELSE 'sending' END::campaign_status,
                 $10, $11, $12, CASE WHEN $9::boolean THEN now() END)
         ON CONFLICT (org_id, client_ref) DO NOTHING
         RETURNING id
       )
       SELECT inserted.id, bt.charge_basis = 'delivered' AS hold,
              (EXISTS (SELECT 1 FROM billing_plans p WHERE p.org_id = $1 AND p.business_type_id = $3)
               OR EXISTS (SELECT 1 FROM message_packs k WHERE k.org_id = $1 AND k.segments_left > 0
                       AND (k.expires_at IS NULL OR k.expires_at > now()))) AS billing_rules
         FROM inserted JOIN business_types bt ON bt.id = $3`,
      [
        batch.orgId,
        batch.name,
        batch.businessTypeId,
        batch.clientRef,
        batch.requestHash,
        JSON.stringify(batch.rejections),
        batch.commonText,
        batch.sendAt,
        batch.messages.length === 0,
        batch.recipientCount,
        segmentCount,
        amount,
        batch.kind ?? 'api',
      ],
    );
    const row = campaign.rows[0];
    if (row === undefined) {
      await client.query('ROLLBACK');
      open = false;
      return { kind: 'duplicate' };
    }
    const campaignId = row.id;

    // The messages go in first and the charge last: the charge locks the org's row until COMMIT,
    // and one org's concurrent calls queue on that lock, so it is held only for the charge.
    const messageIds = batch.messages.length === 0 ? [] : await insertMessages(client, campaignId, batch);

    if (row.billing_rules) {
      // Packs or a plan: decided as a group of one is (intake-group.ts), from rows read under the lock.
      const plan = await billCalls(
        client,
        [
          {
            orgId: batch.orgId,
            businessTypeId: batch.businessTypeId,
            campaignId,
            hold: row.hold,
            billingRules: true,
            messageIds,
            messages: batch.messages,
            amount,
            segmentCount,
          },
        ],
        now,
      );
      const decision = plan.decisions[0] as ChargeDecision;
      if (decision.kind === 'refused') {
        await client.query('ROLLBACK');
        open = false;
        return { kind: 'refused', needed: plan.amounts[0] as bigint, ...decision.funds };
      }
      await client.query('COMMIT');
      open = false;
      return storedOutcome(campaignId, messageIds, batch, decision, row.hold);
    }

    let balanceAfter: bigint;
    let chargeBasis: ChargeBasis = 'accepted';
    if (amount > 0n) {
      // The guard is in the UPDATE itself, so two calls of one org never both pass a check made
      // on a balance that one of them is about to spend. What is held for delivered-basis
      // messages is not spendable: a prepaid org can always pay for every hold it has. The
      // month's usage follows the charge (after it: the org's row is locked first).
      const charged = await client.query<{ balance_after: bigint }>(
        `WITH charged AS (
           UPDATE orgs o
              SET balance = o.balance - CASE WHEN $6::boolean THEN 0 ELSE $2::bigint END,
                  reserved = o.reserved + CASE WHEN $6::boolean THEN $2::bigint ELSE 0 END,
                  updated_at = now()
            WHERE o.id = $1
              AND CASE o.billing_mode WHEN 'prepaid' THEN o.balance - o.reserved >= $2
                                      ELSE o.balance - o.reserved - $2 >= -o.credit_limit END
           RETURNING o.balance
         ), booked AS (
           INSERT INTO ledger_entries (org_id, kind, amount, balance_after, campaign_id, business_type_id, note)
           SELECT $1, 'charge', -$2::bigint, balance, $3, $5, $4 FROM charged WHERE NOT $6::boolean
         ), used AS (
           INSERT INTO billing_usage AS b (org_id, business_type_id, month, segments, amount)
           SELECT $1, $5, $7::date, $8::int8, $2 FROM charged
           ON CONFLICT (org_id, business_type_id, month)
           DO UPDATE SET segments = b.segments + excluded.segments, amount = b.amount + excluded.amount
         )
         SELECT balance AS balance_after FROM charged`,
        [
          batch.orgId,
          amount,
          campaignId,
          `API call: ${batch.messages.length} messages, ${segmentCount} segments`,
          batch.businessTypeId,
          row.hold,
          month,
          segmentCount,
        ],
      );
      const charge = charged.rows[0];
      if (charge === undefined) {
        const org = await client.query<{
          billing_mode: 'prepaid' | 'postpaid';
          balance: bigint;
          reserved: bigint;
          credit_limit: bigint;
        }>('SELECT billing_mode, balance, reserved, credit_limit FROM orgs WHERE id = $1', [batch.orgId]);
        await client.query('ROLLBACK');
        open = false;
        const state = org.rows[0];
        if (state === undefined) throw new Error(`intake: org ${batch.orgId} does not exist`);
        return {
          kind: 'refused',
          billingMode: state.billing_mode,
          needed: amount,
          balance: state.balance,
          reserved: state.reserved,
          creditLimit: state.credit_limit,
        };
      }
      balanceAfter = charge.balance_after;
      if (row.hold) chargeBasis = 'delivered';
    } else {
      // Nothing to pay (a list price of 0): the segments still count in the month's usage.
      const org = await client.query<{ balance: bigint }>(
        `WITH used AS (
           INSERT INTO billing_usage AS b (org_id, business_type_id, month, segments, amount)
           SELECT $1::bigint, $2::bigint, $3::date, $4::int8, 0 WHERE $4::int8 > 0
           ON CONFLICT (org_id, business_type_id, month) DO UPDATE SET segments = b.segments + excluded.segments
         )
         SELECT balance FROM orgs WHERE id = $1`,
        [batch.orgId, batch.businessTypeId, month, segmentCount],
      );
      balanceAfter = org.rows[0]?.balance ?? 0n;
    }

    await client.query('COMMIT');
    open = false;
    return {
      kind: 'stored',
      campaignId,
      messageIds,
      prices: batch.messages.map((message) => message.price),
      amount,
      chargeBasis,
      balanceAfter,
    };
  } catch (error) {
    if (open) await client.query('ROLLBACK').catch(() => undefined);
    throw new Error(
      `intake: storing ${batch.messages.length} messages for org ${batch.orgId} failed: ${String(error)}`,
      { cause: error },
    );
  } finally {
    client.release();
  }
}

/**
 * All messages in one statement. Texts go in once each (a one-text call to 10,000 numbers sends
 * the text once, not 10,000 times) and rows point at theirs by index. ORDER BY ordinality makes
 * the sequence hand out ids in request order, which RETURNING reports in the same order.
 */
async function insertMessages(client: pg.PoolClient, campaignId: bigint, batch: IntakeBatch): Promise<bigint[]> {
  const texts: string[] = [];
  const textIndexOf = new Map<string, number>();
  const n = batch.messages.length;
  const recipients = new Array<string>(n);
  const carriers = new Array<string>(n);
  const textIndexes = new Array<number>(n);
  const encodings = new Array<string>(n);
  const segments = new Array<number>(n);
  const prices = new Array<bigint>(n);
  for (let i = 0; i < n; i++) {
    const message = batch.messages[i] as IntakeMessage;
    let textIndex = textIndexOf.get(message.text);
    if (textIndex === undefined) {
      texts.push(message.text);
      textIndex = texts.length; // PostgreSQL arrays are 1-based
      textIndexOf.set(message.text, textIndex);
    }
    recipients[i] = message.recipient;
    carriers[i] = message.carrierCode;
    textIndexes[i] = textIndex;
    encodings[i] = message.encoding;
    segments[i] = message.segmentCount;
    prices[i] = message.price;
  }
  const inserted = await client.query<{ id: bigint }>(
    `INSERT INTO messages (org_id, campaign_id, business_type_id, recipient, carrier_code, extension, text, encoding,
                           segment_count, price, status, send_at, expires_at)
     SELECT $1, $2, $3, r.recipient, r.carrier_code, $4, ($5::text[])[r.text_index], r.encoding::text_encoding,
            r.segment_count, r.price, 'accepted', $6, $7
       FROM unnest($8::text[], $9::text[], $10::int4[], $11::text[], $12::int4[], $13::int8[])
            WITH ORDINALITY AS r(recipient, carrier_code, text_index, encoding, segment_count, price, ord)
      ORDER BY r.ord
     RETURNING id`,
    [
      batch.orgId,
      campaignId,
      batch.businessTypeId,
      batch.extension,
      texts,
      batch.sendAt,
      batch.expiresAt,
      recipients,
      carriers,
      textIndexes,
      encodings,
      segments,
      prices,
    ],
  );
  if (inserted.rows.length !== n) throw new Error(`intake: inserted ${inserted.rows.length} of ${n} messages`);
  return inserted.rows.map((row) => row.id);
}

/** A stored API call, as an idempotent replay needs it. */
export interface StoredIntake {
  readonly campaignId: bigint;
  readonly orgId: bigint;
  readonly businessTypeCode: string;
  readonly clientRef: string | null;
  readonly requestHash: string | null;
  readonly sendAt: Date;
  readonly recipientCount: number;
  readonly segmentCount: number;
  readonly amount: bigint;
  readonly rejections: readonly IntakeRejection[];
  /** In id order, which is request order. */
  readonly messages: readonly StoredRecipient[];
}

/** An accepted recipient as stored: what both a fresh answer and a replay are built from. */
export interface StoredRecipient {
  readonly id: bigint;
  readonly recipient: string;
  readonly carrierCode: string | null;
  readonly encoding: string;
  readonly segmentCount: number;
  readonly price: bigint;
}

/** The API call an org made with this client_ref, or null. Two queries, whatever its size. */
export async function findIntakeByClientRef(
  pool: pg.Pool,
  orgId: bigint,
  clientRef: string,
): Promise<StoredIntake | null> {
  const campaign = await pool.query<{
    id: bigint;
    org_id: bigint;
    business_type_code: string;
    client_ref: string | null;
    request_hash: string | null;
    send_at: Date | null;
    created_at: Date;
    recipient_count: number;
    segment_count: number;
    amount: bigint;
    rejections: IntakeRejection[] | null;
  }>(
    `SELECT c.id, c.org_id, bt.code AS business_type_code, c.client_ref, c.request_hash, c.send_at, c.created_at,
            c.recipient_count, c.segment_count, c.amount, c.rejections
       FROM campaigns c JOIN business_types bt ON bt.id = c.business_type_id
      WHERE c.org_id = $1 AND c.client_ref = $2`,
    [orgId, clientRef],
  );
  const row = campaign.rows[0];
  if (row === undefined) return null;
  const messages = await pool.query<{
    id: bigint;
    recipient: string;
    carrier_code: string | null;
    encoding: string;
    segment_count: number;
    price: bigint;
  }>(
    'SELECT id, recipient, carrier_code, encoding, segment_count, price FROM messages WHERE campaign_id = $1 ORDER BY id',
    [row.id],
  );
  return {
    campaignId: row.id,
    orgId: row.org_id,
    businessTypeCode: row.business_type_code,
    clientRef: row.client_ref,
    requestHash: row.request_hash,
    sendAt: row.send_at ?? row.created_at,
    recipientCount: row.recipient_count,
    segmentCount: row.segment_count,
    amount: row.amount,
    rejections: row.rejections ?? [],
    messages: messages.rows.map((message) => ({
      id: message.id,
      recipient: message.recipient,
      carrierCode: message.carrier_code,
      encoding: message.encoding,
      segmentCount: message.segment_count,
      price: message.price,
    })),
  };
}
