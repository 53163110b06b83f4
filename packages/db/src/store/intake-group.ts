import { billingMonth } from '@smshub/core';
import pg from 'pg';
import type { IntakeBatch, IntakeMessage, IntakeOutcome } from './intake.js';
import type { Queryable } from './queryable.js';

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

/** A billing_plans row: how an org pays for one business type (no row: per segment). */
export interface BillingTerms {
  readonly mode: 'per_segment' | 'monthly_package' | 'monthly_cap' | 'free';
  /** li, monthly_package: booked once a month by the dispatcher's monthly-fee sweep. */
  readonly monthlyFee: bigint;
  /** monthly_package: segments a month the fee covers. */
  readonly includedSegments: number;
  /** li per segment beyond the included ones; null = the message's own price per segment. */
  readonly overagePrice: bigint | null;
  /** li, monthly_cap: the most charged in a month; null = no cap. */
  readonly monthlyCap: bigint | null;
}

/** billing_usage of the month, for one org and business type. */
export interface MonthUsage {
  readonly segments: bigint;
  readonly amount: bigint;
  readonly feeCharged: bigint;
}

/** A message pack with segments left. */
export interface PackBalance {
  readonly id: bigint;
  readonly orgId: bigint;
  /** null: any business type. */
  readonly businessTypeId: bigint | null;
  readonly segmentsLeft: number;
  readonly expiresAt: Date | null;
  readonly boughtAt: Date;
}

/** What plans, the month's usage and packs say, read with the orgs locked. */
export interface BillingState {
  /** By `billingKey(org, business type)`. */
  readonly plans: ReadonlyMap<string, BillingTerms>;
  /** By `billingKey(org, business type)`, this month's; absent = nothing used yet. */
  readonly usage: ReadonlyMap<string, MonthUsage>;
  /** Per org, any order (the decision orders them); expired ones are ignored. */
  readonly packs: ReadonlyMap<bigint, readonly PackBalance[]>;
  readonly now: Date;
}

export const NO_BILLING_RULES: BillingState = {
  plans: new Map(),
  usage: new Map(),
  packs: new Map(),
  now: new Date(0),
};

export function billingKey(orgId: bigint, businessTypeId: bigint): string {
  return `${orgId}\0${businessTypeId}`;
}

export interface ChargeRequest {
  readonly orgId: bigint;
  /** li at the message prices (segments × price per segment); 0 is always taken. */
  readonly amount: bigint;
  /** Charged on delivery: held (orgs.reserved), not taken from the balance. */
  readonly hold: boolean;
  /** With `messages`, packs and the org's plan for this type apply; without, `amount` is the charge. */
  readonly businessTypeId?: bigint;
  /** The call's messages at their prices, in order. */
  readonly messages?: readonly { readonly segments: number; readonly price: bigint }[];
}

export type ChargeDecision =
  | {
      readonly kind: 'charged';
      readonly balanceAfter: bigint;
      /** li actually charged (or held) for the call: what packs and the plan left of `amount`. */
      readonly amount: bigint;
      /** Per message (with `messages`): li charged, and segments a pack paid for. */
      readonly prices?: readonly bigint[];
      readonly packSegments?: readonly number[];
      /** Segments counted in the month's usage (not paid by a pack). */
      readonly usageSegments: number;
    }
  | { readonly kind: 'refused'; readonly funds: OrgFunds };

export interface ChargePlan {
  /** One per request, in order. */
  readonly decisions: readonly ChargeDecision[];
  /** Per org with anything to move: li off the balance, li onto the holds. */
  readonly totals: ReadonlyMap<bigint, { readonly charge: bigint; readonly hold: bigint }>;
  /** Per `billingKey`: segments and li to add to this month's billing_usage. */
  readonly usage: ReadonlyMap<string, { readonly segments: number; readonly amount: bigint }>;
  /** Per pack id: segments taken. */
  readonly packsTaken: ReadonlyMap<bigint, number>;
  /** Per request: li it costs after packs and plan (what a refused one needed). */
  readonly amounts: readonly bigint[];
}

/**
 * Decides the charges of a group in order, per org, exactly as one call after another would
 * have. A call's messages are paid, in order, first by the org's message packs (not expired; for
 * its business type before any-type ones; earliest expiry, then oldest, first), then by the org's
 * plan for the type: per segment (no plan) at the message's price; monthly package — segments
 * within the month's included ones free once the month's fee is booked, the rest at the overage
 * price (or the message's); monthly cap — charged until the month's charges reach the cap, the
 * message that crosses it pays up to the cap; free — nothing, and no pack is touched. The call is
 * taken when what its org can still spend — balance less holds, plus the credit limit when
 * postpaid — covers what is left to charge, and refused otherwise (taking nothing from packs or
 * usage), while the org's later calls that still fit go through. A refusal reports the org as
 * that call would have found it.
 */
export function decideCharges(
  funds: ReadonlyMap<bigint, OrgFunds>,
  requests: readonly ChargeRequest[],
  billing: BillingState = NO_BILLING_RULES,
): ChargePlan {
  const running = new Map<bigint, { balance: bigint; reserved: bigint }>();
  const totals = new Map<bigint, { charge: bigint; hold: bigint }>();
  const usage = new Map<string, { segments: number; amount: bigint }>();
  const packsTaken = new Map<bigint, number>();
  const packsOf = new Map<bigint, { pack: PackBalance; left: number }[]>();
  const amounts: bigint[] = [];
  const packQueue = (orgId: bigint) => {
    let queue = packsOf.get(orgId);
    if (queue === undefined) {
      queue = (billing.packs.get(orgId) ?? [])
        .filter((pack) => pack.segmentsLeft > 0 && (pack.expiresAt === null || pack.expiresAt > billing.now))
        .sort(comparePacks)
        .map((pack) => ({ pack, left: pack.segmentsLeft }));
      packsOf.set(orgId, queue);
    }
    return queue;
  };

  const decisions = requests.map((request): ChargeDecision => {
    const org = funds.get(request.orgId);
    if (org === undefined) throw new Error(`intake: org ${request.orgId} does not exist`);
    let now = running.get(request.orgId);
    if (now === undefined) {
      now = { balance: org.balance, reserved: org.reserved };
      running.set(request.orgId, now);
    }

    let amount = request.amount;
    let prices: bigint[] | undefined;
    let packSegments: number[] | undefined;
    let usageSegments = 0;
    let taken: { entry: { left: number }; id: bigint; n: number }[] = [];
    const key = request.businessTypeId === undefined ? undefined : billingKey(request.orgId, request.businessTypeId);
    const used = key === undefined ? undefined : (usage.get(key) ?? { segments: 0, amount: 0n });
    if (request.messages !== undefined && request.businessTypeId !== undefined && key !== undefined && used) {
      const terms = billing.plans.get(key);
      const month = billing.usage.get(key);
      // The month's fee is booked (the dispatcher's monthly-fee sweep); a fee of 0 needs none.
      const feePaid = terms !== undefined && (terms.monthlyFee === 0n || (month?.feeCharged ?? 0n) > 0n);
      let segmentsSoFar = (month?.segments ?? 0n) + BigInt(used.segments);
      let spentSoFar = (month?.amount ?? 0n) + used.amount;
      const queue = terms?.mode === 'free' ? [] : packQueue(request.orgId);
      prices = [];
      packSegments = [];
      amount = 0n;
      taken = [];
      for (const message of request.messages) {
        let fromPacks = 0;
        for (const entry of queue) {
          if (fromPacks === message.segments) break;
          if (entry.left === 0) continue;
          if (entry.pack.businessTypeId !== null && entry.pack.businessTypeId !== request.businessTypeId) continue;
          const n = Math.min(entry.left, message.segments - fromPacks);
          entry.left -= n;
          fromPacks += n;
          taken.push({ entry, id: entry.pack.id, n });
        }
        const rest = message.segments - fromPacks;
        const perSegment = message.segments === 0 ? 0n : message.price / BigInt(message.segments);
        let price = BigInt(rest) * perSegment;
        if (terms?.mode === 'free') price = 0n;
        else if (terms?.mode === 'monthly_package' && feePaid) {
          const included = BigInt(terms.includedSegments) - segmentsSoFar;
          const free = included <= 0n ? 0n : included >= BigInt(rest) ? BigInt(rest) : included;
          price = (BigInt(rest) - free) * (terms.overagePrice ?? perSegment);
        } else if (terms?.mode === 'monthly_cap' && terms.monthlyCap !== null) {
          const room = terms.monthlyCap - spentSoFar;
          price = room <= 0n ? 0n : price < room ? price : room;
        }
        segmentsSoFar += BigInt(rest);
        spentSoFar += price;
        usageSegments += rest;
        amount += price;
        prices.push(price);
        packSegments.push(fromPacks);
      }
    }

    const refuse = (): ChargeDecision => {
      // Nothing of a refused call is taken: its pack segments go back.
      for (const take of taken) take.entry.left += take.n;
      return { kind: 'refused', funds: { ...org, balance: now.balance, reserved: now.reserved } };
    };
    amounts.push(amount);
    if (amount > 0n) {
      const spendable = now.balance - now.reserved + (org.billingMode === 'postpaid' ? org.creditLimit : 0n);
      if (spendable < amount) return refuse();
    }
    for (const take of taken) packsTaken.set(take.id, (packsTaken.get(take.id) ?? 0) + take.n);
    if (key !== undefined && used !== undefined && request.messages !== undefined && request.messages.length > 0) {
      usage.set(key, { segments: used.segments + usageSegments, amount: used.amount + amount });
    }
    if (amount > 0n) {
      let total = totals.get(request.orgId);
      if (total === undefined) {
        total = { charge: 0n, hold: 0n };
        totals.set(request.orgId, total);
      }
      if (request.hold) {
        now.reserved += amount;
        total.hold += amount;
      } else {
        now.balance -= amount;
        total.charge += amount;
      }
    }
    return {
      kind: 'charged',
      balanceAfter: now.balance,
      amount,
      usageSegments,
      ...(prices === undefined ? {} : { prices, packSegments }),
    };
  });
  return { decisions, totals, usage, packsTaken, amounts };
}

/** Packs of the message's own type before any-type ones, then earliest expiry (none: last), then oldest. */
function comparePacks(a: PackBalance, b: PackBalance): number {
  if ((a.businessTypeId === null) !== (b.businessTypeId === null)) return a.businessTypeId === null ? 1 : -1;
  const ea = a.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
  const eb = b.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
  if (ea !== eb) return ea < eb ? -1 : 1;
  if (a.boughtAt.getTime() !== b.boughtAt.getTime()) return a.boughtAt.getTime() - b.boughtAt.getTime();
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
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

export interface IntakeStoreOptions {
  /** The clock that picks the billing month and expires packs (tests); default the system's. */
  readonly now?: () => Date;
}

/**
 * Stores the calls in one transaction. No two of them may share an org and a client_ref (the
 * committer keeps one of such calls back). Any failing statement before COMMIT fails the whole
 * group and leaves nothing behind, and the caller may store the calls one by one to find the bad
 * one; a COMMIT without an answer is an IntakeCommitUnknownError, after which it may not.
 */
export async function storeIntakeGroup(
  pool: pg.Pool,
  batches: readonly IntakeBatch[],
  options: IntakeStoreOptions = {},
): Promise<IntakeOutcome[]> {
  const refs = new Set<string>();
  for (const batch of batches) {
    if (batch.clientRef === null) continue;
    const key = `${batch.orgId}\0${batch.clientRef}`;
    if (refs.has(key)) throw new Error(`intake: two calls of org ${batch.orgId} with client_ref ${batch.clientRef}`);
    refs.add(key);
  }
  const sums = batches.map(sumOf);

  const client = await pool.connect();
  let open = false;
  let committing = false;
  try {
    await client.query('BEGIN');
    open = true;
    const campaigns = await insertCampaigns(client, batches, sums);

    // Messages of every call that claimed its campaign, at their prices, then the charge last:
    // the orgs' rows stay locked from the charge to COMMIT, and other transactions of those orgs
    // queue on them. What packs and plans leave of a price is written back with the charge.
    const stored = batches.flatMap((_, i) => (campaigns[i]?.stored === true ? [i] : []));
    const messageIds = await insertMessages(client, stored, batches, campaigns);

    const plan = await billCalls(
      client,
      stored.map((i) => {
        const batch = batches[i] as IntakeBatch;
        const campaign = campaigns[i] as CampaignRow;
        return {
          orgId: batch.orgId,
          businessTypeId: batch.businessTypeId,
          campaignId: campaign.id,
          hold: campaign.hold,
          billingRules: campaign.billing_rules,
          messageIds: messageIds.get(i) ?? [],
          messages: batch.messages,
          amount: (sums[i] as { amount: bigint }).amount,
          segmentCount: (sums[i] as { segmentCount: number }).segmentCount,
        };
      }),
      (options.now ?? (() => new Date()))(),
    );
    const decisionOf = new Map(stored.map((call, j) => [call, plan.decisions[j] as ChargeDecision]));
    const neededOf = new Map(stored.map((call, j) => [call, plan.amounts[j] as bigint]));

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
      if (decision.kind === 'refused') return { kind: 'refused', needed: neededOf.get(i) ?? 0n, ...decision.funds };
      return storedOutcome(campaign.id, messageIds.get(i) ?? [], batch, decision, campaign.hold);
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

export function sumOf(batch: IntakeBatch): { amount: bigint; segmentCount: number } {
  let amount = 0n;
  let segmentCount = 0;
  for (const message of batch.messages) {
    amount += message.price;
    segmentCount += message.segmentCount;
  }
  return { amount, segmentCount };
}

/** The 'stored' outcome of a charged call: the prices are what was charged, message by message. */
export function storedOutcome(
  campaignId: bigint,
  messageIds: readonly bigint[],
  batch: IntakeBatch,
  decision: Extract<ChargeDecision, { kind: 'charged' }>,
  hold: boolean,
): IntakeOutcome {
  return {
    kind: 'stored',
    campaignId,
    messageIds,
    prices: decision.prices ?? batch.messages.map((message) => message.price),
    amount: decision.amount,
    chargeBasis: decision.amount > 0n && hold ? 'delivered' : 'accepted',
    balanceAfter: decision.balanceAfter,
  };
}

/** A stored call, as its charge needs it. */
export interface BilledCall {
  readonly orgId: bigint;
  readonly businessTypeId: bigint;
  readonly campaignId: bigint;
  /** Charged on delivery: held. */
  readonly hold: boolean;
  /** The org has a plan for the type or packs with segments left: read them under the lock. */
  readonly billingRules: boolean;
  readonly messageIds: readonly bigint[];
  /** At their prices (segments × price per segment). */
  readonly messages: readonly IntakeMessage[];
  readonly amount: bigint;
  readonly segmentCount: number;
}

/**
 * The charge of stored calls, in their transaction: the orgs locked in id order (NO KEY UPDATE,
 * as an UPDATE of the row takes: the foreign-key checks of other transactions' inserts go on
 * meanwhile), their plans, this month's usage and their packs read after the lock when any call
 * has them (one query; none when no call does), the charges decided in order (`decideCharges`),
 * and one statement that moves each org's totals, writes a ledger row per charged call, adds the
 * month's usage, takes the packs' segments and writes back the prices packs and plans changed.
 */
export async function billCalls(client: pg.PoolClient, calls: readonly BilledCall[], now: Date): Promise<ChargePlan> {
  const orgIds = [...new Set(calls.map((call) => call.orgId))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  // In id order, so two groups sharing orgs lock them in the same order and cannot deadlock.
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
  const month = billingMonth(now);
  // Read after the lock, in a statement of its own: its snapshot then holds what the transactions
  // that held the lock before committed.
  const ruled = calls.filter((call) => call.billingRules);
  const billing = ruled.length === 0 ? { ...NO_BILLING_RULES, now } : await readBillingState(client, ruled, month, now);
  const plan = decideCharges(
    funds,
    calls.map((call) => ({
      orgId: call.orgId,
      amount: call.amount,
      hold: call.hold,
      businessTypeId: call.businessTypeId,
      messages: call.messages.map((message) => ({ segments: message.segmentCount, price: message.price })),
    })),
    billing,
  );
  await charge(client, plan, calls, month);
  return plan;
}

/** What a call would cost now, decided as intake would, from unlocked reads: nothing is stored. */
export interface IntakeQuote {
  readonly funds: OrgFunds;
  /** The business type charges on delivery: the amount would be held, not taken. */
  readonly hold: boolean;
  /** Per message: li it would be charged, and segments a pack would pay. */
  readonly prices: readonly bigint[];
  readonly packSegments: readonly number[];
  /** li for the whole call. */
  readonly amount: bigint;
  /** What the org can spend: balance less holds, plus the credit limit when postpaid. */
  readonly spendable: bigint;
  /** Segments left in the org's live packs usable for this type. */
  readonly packSegmentsLeft: number;
  /** The org could pay for it now. */
  readonly affordable: boolean;
}

/**
 * The price of a call before sending it (POST /messages/quote): the org's funds, plan, this
 * month's usage and packs read without locks (two queries) and `decideCharges` run on them, as
 * intake would at this moment. A concurrent send may change the answer; nothing is written.
 */
export async function quoteIntake(
  db: Queryable,
  call: { readonly orgId: bigint; readonly businessTypeId: bigint; readonly messages: readonly IntakeMessage[] },
  now: Date = new Date(),
): Promise<IntakeQuote> {
  const org = await db.query<{
    billing_mode: 'prepaid' | 'postpaid';
    balance: bigint;
    reserved: bigint;
    credit_limit: bigint;
    hold: boolean;
  }>(
    `SELECT o.billing_mode, o.balance, o.reserved, o.credit_limit,
            coalesce((SELECT bt.charge_basis = 'delivered' FROM business_types bt WHERE bt.id = $2), false) AS hold
       FROM orgs o WHERE o.id = $1`,
    [call.orgId, call.businessTypeId],
  );
  const row = org.rows[0];
  if (row === undefined) throw new Error(`intake: org ${call.orgId} does not exist`);
  const funds: OrgFunds = {
    billingMode: row.billing_mode,
    balance: row.balance,
    reserved: row.reserved,
    creditLimit: row.credit_limit,
  };
  const { amount: listAmount, segmentCount } = sumOf({ messages: call.messages } as IntakeBatch);
  const billing = await readBillingState(
    db,
    [
      {
        orgId: call.orgId,
        businessTypeId: call.businessTypeId,
        campaignId: 0n,
        hold: row.hold,
        billingRules: true,
        messageIds: [],
        messages: call.messages,
        amount: listAmount,
        segmentCount,
      },
    ],
    billingMonth(now),
    now,
  );
  const plan = decideCharges(
    new Map([[call.orgId, funds]]),
    [
      {
        orgId: call.orgId,
        amount: listAmount,
        hold: row.hold,
        businessTypeId: call.businessTypeId,
        messages: call.messages.map((message) => ({ segments: message.segmentCount, price: message.price })),
      },
    ],
    billing,
  );
  const decision = plan.decisions[0] as ChargeDecision;
  // A refused call's per-message prices are what it needed: decide again as if the org could pay.
  const priced =
    decision.kind === 'charged'
      ? decision
      : (decideCharges(
          new Map([
            [call.orgId, { billingMode: 'postpaid', balance: 0n, reserved: 0n, creditLimit: plan.amounts[0] ?? 0n }],
          ]),
          [
            {
              orgId: call.orgId,
              amount: listAmount,
              hold: row.hold,
              businessTypeId: call.businessTypeId,
              messages: call.messages.map((message) => ({ segments: message.segmentCount, price: message.price })),
            },
          ],
          billing,
        ).decisions[0] as Extract<ChargeDecision, { kind: 'charged' }>);
  const packSegmentsLeft = (billing.packs.get(call.orgId) ?? [])
    .filter(
      (pack) =>
        (pack.businessTypeId === null || pack.businessTypeId === call.businessTypeId) &&
        (pack.expiresAt === null || pack.expiresAt > now),
    )
    .reduce((sum, pack) => sum + pack.segmentsLeft, 0);
  return {
    funds,
    hold: row.hold,
    prices: priced.kind === 'charged' ? (priced.prices ?? []) : [],
    packSegments: priced.kind === 'charged' ? (priced.packSegments ?? []) : [],
    amount: plan.amounts[0] ?? 0n,
    spendable: funds.balance - funds.reserved + (funds.billingMode === 'postpaid' ? funds.creditLimit : 0n),
    packSegmentsLeft,
    affordable: decision.kind === 'charged',
  };
}

/** Plans, this month's usage and live packs of the calls' orgs and types: one query. */
async function readBillingState(
  client: Queryable,
  calls: readonly BilledCall[],
  month: string,
  now: Date,
): Promise<BillingState> {
  const pairs = [...new Map(calls.map((call) => [billingKey(call.orgId, call.businessTypeId), call])).values()];
  const result = await client.query<{
    kind: 'plan' | 'usage' | 'pack';
    org_id: bigint;
    business_type_id: bigint | null;
    mode: BillingTerms['mode'] | null;
    a: bigint | null;
    b: bigint | null;
    c: bigint | null;
    d: bigint | null;
    expires_at: Date | null;
    bought_at: Date | null;
  }>(
    `WITH k AS (SELECT * FROM unnest($1::bigint[], $2::bigint[]) AS k(org_id, business_type_id))
     SELECT 'plan' AS kind, p.org_id, p.business_type_id, p.mode::text AS mode, p.monthly_fee AS a,
            p.included_segments::int8 AS b, p.overage_price AS c, p.monthly_cap AS d,
            NULL::timestamptz AS expires_at, NULL::timestamptz AS bought_at
       FROM billing_plans p JOIN k USING (org_id, business_type_id)
     UNION ALL
     SELECT 'usage', u.org_id, u.business_type_id, NULL, u.segments, u.amount, u.fee_charged, NULL, NULL, NULL
       FROM billing_usage u JOIN k USING (org_id, business_type_id)
      WHERE u.month = $3::date
     UNION ALL
     SELECT 'pack', m.org_id, m.business_type_id, NULL, m.id, m.segments_left::int8, NULL, NULL, m.expires_at, m.bought_at
       FROM message_packs m
      WHERE m.org_id = ANY ($4::bigint[]) AND m.segments_left > 0 AND (m.expires_at IS NULL OR m.expires_at > $5)`,
    [
      pairs.map((call) => call.orgId),
      pairs.map((call) => call.businessTypeId),
      month,
      [...new Set(calls.map((call) => call.orgId))],
      now,
    ],
  );
  const plans = new Map<string, BillingTerms>();
  const usage = new Map<string, MonthUsage>();
  const packs = new Map<bigint, PackBalance[]>();
  for (const row of result.rows) {
    if (row.kind === 'plan') {
      plans.set(billingKey(row.org_id, row.business_type_id as bigint), {
        mode: row.mode as BillingTerms['mode'],
        monthlyFee: row.a ?? 0n,
        includedSegments: Number(row.b ?? 0n),
        overagePrice: row.c,
        monthlyCap: row.d,
      });
    } else if (row.kind === 'usage') {
      usage.set(billingKey(row.org_id, row.business_type_id as bigint), {
        segments: row.a ?? 0n,
        amount: row.b ?? 0n,
        feeCharged: row.c ?? 0n,
      });
    } else {
      const list = packs.get(row.org_id) ?? [];
      list.push({
        id: row.a as bigint,
        orgId: row.org_id,
        businessTypeId: row.business_type_id,
        segmentsLeft: Number(row.b ?? 0n),
        expiresAt: row.expires_at,
        boughtAt: row.bought_at as Date,
      });
      packs.set(row.org_id, list);
    }
  }
  return { plans, usage, packs, now };
}

interface CampaignRow {
  readonly id: bigint;
  /** false: another campaign of the org already holds the client_ref. */
  readonly stored: boolean;
  /** The business type is charged on delivery. */
  readonly hold: boolean;
  /** The org has a plan for the type, or message packs with segments left. */
  readonly billing_rules: boolean;
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
     SELECT input.id, inserted.id IS NOT NULL AS stored, bt.charge_basis = 'delivered' AS hold,
            (EXISTS (SELECT 1 FROM billing_plans p WHERE p.org_id = input.org_id AND p.business_type_id = input.business_type_id)
             OR EXISTS (SELECT 1 FROM message_packs k WHERE k.org_id = input.org_id AND k.segments_left > 0
                       AND (k.expires_at IS NULL OR k.expires_at > now()))) AS billing_rules
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
 * after it and the business type; the month's usage per org and type; the packs' segments taken;
 * and the prices of messages (and amounts of campaigns) that packs or plans made cheaper than
 * their price. The totals come from rows locked since the decision, so the CHECKs hold; the counts
 * are checked all the same.
 */
async function charge(
  client: pg.PoolClient,
  plan: ChargePlan,
  calls: readonly BilledCall[],
  month: string,
): Promise<void> {
  const ledger: {
    orgId: bigint;
    amount: bigint;
    balanceAfter: bigint;
    campaignId: bigint;
    bt: bigint;
    note: string;
  }[] = [];
  const repriced: { id: bigint; price: bigint; pack: number }[] = [];
  const campaignAmounts: { id: bigint; amount: bigint }[] = [];
  calls.forEach((call, j) => {
    const decision = plan.decisions[j] as ChargeDecision;
    if (decision.kind !== 'charged') return;
    if (decision.amount > 0n && !call.hold) {
      ledger.push({
        orgId: call.orgId,
        amount: decision.amount,
        balanceAfter: decision.balanceAfter,
        campaignId: call.campaignId,
        bt: call.businessTypeId,
        note: `API call: ${call.messages.length} messages, ${call.segmentCount} segments`,
      });
    }
    if (decision.amount !== call.amount) campaignAmounts.push({ id: call.campaignId, amount: decision.amount });
    decision.prices?.forEach((price, m) => {
      const pack = decision.packSegments?.[m] ?? 0;
      if (price !== (call.messages[m] as IntakeMessage).price || pack > 0) {
        repriced.push({ id: call.messageIds[m] as bigint, price, pack });
      }
    });
  });
  const totals = [...plan.totals];
  const usage = [...plan.usage].map(([key, used]) => {
    const [orgId, businessTypeId] = key.split('\0');
    return { orgId: orgId as string, businessTypeId: businessTypeId as string, ...used };
  });
  const packs = [...plan.packsTaken];
  if (totals.length === 0 && usage.length === 0) return;
  const result = await client.query<{
    orgs: number;
    entries: number;
    packs: number;
    messages: number;
    campaigns: number;
  }>(
    `WITH charged AS (
       UPDATE orgs o
          SET balance = o.balance - t.charge, reserved = o.reserved + t.hold, updated_at = now()
         FROM unnest($1::bigint[], $2::int8[], $3::int8[]) AS t(org_id, charge, hold)
        WHERE o.id = t.org_id
       RETURNING o.id
     ), booked AS (
       INSERT INTO ledger_entries (org_id, kind, amount, balance_after, campaign_id, business_type_id, note)
       SELECT l.org_id, 'charge', -l.amount, l.balance_after, l.campaign_id, l.business_type_id, l.note
         FROM unnest($4::bigint[], $5::int8[], $6::int8[], $7::bigint[], $8::bigint[], $9::text[])
              WITH ORDINALITY AS l(org_id, amount, balance_after, campaign_id, business_type_id, note, ord)
        ORDER BY l.ord
       RETURNING id
     ), used AS (
       INSERT INTO billing_usage AS b (org_id, business_type_id, month, segments, amount)
       SELECT u.org_id, u.business_type_id, $10::date, u.segments, u.amount
         FROM unnest($11::bigint[], $12::bigint[], $13::int8[], $14::int8[]) AS u(org_id, business_type_id, segments, amount)
       ON CONFLICT (org_id, business_type_id, month)
       DO UPDATE SET segments = b.segments + excluded.segments, amount = b.amount + excluded.amount
     ), packs AS (
       UPDATE message_packs p SET segments_left = p.segments_left - k.taken
         FROM unnest($15::bigint[], $16::int4[]) AS k(id, taken)
        WHERE p.id = k.id
       RETURNING p.id
     ), priced AS (
       UPDATE messages m SET price = x.price, pack_segments = x.pack
         FROM unnest($17::bigint[], $18::int8[], $19::int2[]) AS x(id, price, pack)
        WHERE m.id = x.id
       RETURNING m.id
     ), amounts AS (
       UPDATE campaigns c SET amount = x.amount
         FROM unnest($20::bigint[], $21::int8[]) AS x(id, amount)
        WHERE c.id = x.id
       RETURNING c.id
     )
     SELECT (SELECT count(*)::int FROM charged) AS orgs, (SELECT count(*)::int FROM booked) AS entries,
            (SELECT count(*)::int FROM packs) AS packs, (SELECT count(*)::int FROM priced) AS messages,
            (SELECT count(*)::int FROM amounts) AS campaigns`,
    [
      totals.map(([orgId]) => orgId),
      totals.map(([, total]) => total.charge),
      totals.map(([, total]) => total.hold),
      ledger.map((entry) => entry.orgId),
      ledger.map((entry) => entry.amount),
      ledger.map((entry) => entry.balanceAfter),
      ledger.map((entry) => entry.campaignId),
      ledger.map((entry) => entry.bt),
      ledger.map((entry) => entry.note),
      month,
      usage.map((entry) => entry.orgId),
      usage.map((entry) => entry.businessTypeId),
      usage.map((entry) => entry.segments),
      usage.map((entry) => entry.amount),
      packs.map(([id]) => id),
      packs.map(([, taken]) => taken),
      repriced.map((entry) => entry.id),
      repriced.map((entry) => entry.price),
      repriced.map((entry) => entry.pack),
      campaignAmounts.map((entry) => entry.id),
      campaignAmounts.map((entry) => entry.amount),
    ],
  );
  const counts = result.rows[0];
  if (
    counts?.orgs !== totals.length ||
    counts.entries !== ledger.length ||
    counts.packs !== packs.length ||
    counts.messages !== repriced.length ||
    counts.campaigns !== campaignAmounts.length
  ) {
    throw new Error(
      `intake: charged ${counts?.orgs} of ${totals.length} orgs, booked ${counts?.entries} of ${ledger.length} ledger rows, ` +
        `took from ${counts?.packs} of ${packs.length} packs, repriced ${counts?.messages} of ${repriced.length} messages`,
    );
  }
}
