import { createHash } from 'node:crypto';
import { formatLi, operatorSms } from '@smshub/core';
import {
  inTransaction,
  insertWebhookEvents,
  loadIntakeReferenceData,
  storeIntake,
  type IntakeMessage,
} from '@smshub/db';
import { jobPriority } from '@smshub/queue';
import type pg from 'pg';
import type { Logger } from 'pino';
import type { SweepContext } from './sweeps.js';

/**
 * The low-balance alert: when what an org can spend (balance less holds, plus the credit line of
 * a postpaid org) falls below its `low_balance_threshold`, its finance users — its admins when it
 * has none — get an SMS and its webhook endpoints a `balance.low` event, once: the org's
 * `low_balance_alerted_at` is set in the transaction that raises the event, and cleared by this
 * sweep when the org can spend the threshold again, so the next fall alerts again.
 *
 * The SMS go out as the platform org through intake's own store (`storeIntake`, the path
 * sign-up codes take in packages/api/src/ops/auth/platform-sms.ts): priced, charged and listed as
 * the platform's messages, then handed to the dispatcher. They are stored after the alert
 * commits; a crash between the two loses the texts of that one alert, never the webhook event
 * nor the mark (which keeps a restart from alerting twice).
 */

/** `data` of a balance.low webhook delivery (declared in the OpenAPI `webhooks` map). */
export interface BalanceLowPayload {
  readonly org_id: string;
  readonly org_name: string;
  readonly billing_mode: 'prepaid' | 'postpaid';
  /** li */
  readonly balance_li: number;
  /** li the org can spend now: balance − held (+ credit line, postpaid). */
  readonly spendable_li: number;
  readonly threshold_li: number;
  readonly alerted_at: string;
}

export interface LowBalanceSweepResult {
  readonly alerted: readonly bigint[];
  readonly cleared: readonly bigint[];
  /** Messages stored for the alerts' SMS. */
  readonly messageIds: readonly bigint[];
}

/** Hands stored message ids to the dispatcher (the dispatch queue, at `priority`). */
export type EnqueueMessages = (ids: readonly bigint[], priority: number) => Promise<void>;

const SPENDABLE_SQL = `(o.balance - o.reserved + CASE WHEN o.billing_mode = 'postpaid' THEN o.credit_limit ELSE 0 END)`;

export async function runLowBalanceSweep(
  pool: pg.Pool,
  now: Date,
  enqueue: EnqueueMessages,
  log: Logger,
): Promise<LowBalanceSweepResult> {
  const cleared = await pool.query<{ id: bigint }>(
    `UPDATE orgs o SET low_balance_alerted_at = NULL
      WHERE o.low_balance_alerted_at IS NOT NULL
        AND (o.low_balance_threshold IS NULL OR ${SPENDABLE_SQL} >= o.low_balance_threshold)
      RETURNING o.id`,
  );
  const alerted = await inTransaction(pool, async (tx) => {
    const marked = await tx.query<{
      id: bigint;
      name: string;
      billing_mode: 'prepaid' | 'postpaid';
      balance: bigint;
      spendable: bigint;
      threshold: bigint;
    }>(
      `UPDATE orgs o SET low_balance_alerted_at = $1
        WHERE o.low_balance_alerted_at IS NULL AND o.low_balance_threshold IS NOT NULL
          AND o.status IN ('active', 'frozen', 'suspended')
          AND ${SPENDABLE_SQL} < o.low_balance_threshold
        RETURNING o.id, o.name, o.billing_mode, o.balance, ${SPENDABLE_SQL} AS spendable,
                  o.low_balance_threshold AS threshold`,
      [now],
    );
    await insertWebhookEvents(
      tx,
      marked.rows.map((org) => ({
        orgId: org.id,
        event: 'balance.low',
        payload: {
          org_id: org.id.toString(),
          org_name: org.name,
          billing_mode: org.billing_mode,
          balance_li: Number(org.balance),
          spendable_li: Number(org.spendable),
          threshold_li: Number(org.threshold),
          alerted_at: now.toISOString(),
        } satisfies BalanceLowPayload,
      })),
    );
    return marked.rows;
  });

  const messageIds: bigint[] = [];
  for (const org of alerted) {
    try {
      const ids = await sendAlertSms(pool, now, org, enqueue);
      messageIds.push(...ids);
      log.warn(
        {
          org: String(org.id),
          spendableLi: org.spendable.toString(),
          thresholdLi: org.threshold.toString(),
          sms: ids.length,
        },
        'low balance: alerted',
      );
    } catch (error) {
      log.error({ err: error, org: String(org.id) }, 'low balance: the alert SMS were not stored');
    }
  }
  return { alerted: alerted.map((org) => org.id), cleared: cleared.rows.map((row) => row.id), messageIds };
}

/** Who is told: the org's active finance users with a phone, else its active admins and owners with one. */
async function alertPhones(pool: pg.Pool, orgId: bigint): Promise<string[]> {
  const result = await pool.query<{ phone: string; role: string }>(
    `SELECT phone, role FROM users
      WHERE org_id = $1 AND status = 'active' AND phone IS NOT NULL AND role IN ('finance', 'admin', 'owner')
      ORDER BY id`,
    [orgId],
  );
  const finance = result.rows.filter((row) => row.role === 'finance');
  return (finance.length > 0 ? finance : result.rows).map((row) => row.phone);
}

async function sendAlertSms(
  pool: pg.Pool,
  now: Date,
  org: { id: bigint; name: string; spendable: bigint; threshold: bigint },
  enqueue: EnqueueMessages,
): Promise<bigint[]> {
  const phones = await alertPhones(pool, org.id);
  if (phones.length === 0) return [];
  const platform = await pool.query<{ id: bigint; path: bigint[] }>(
    `SELECT id, path FROM orgs WHERE kind = 'platform' AND parent_id IS NULL ORDER BY id LIMIT 1`,
  );
  const sender = platform.rows[0];
  if (sender === undefined) throw new Error('low balance: there is no platform org (run the base seed)');
  const text =
    `【smshub】您的单位“${org.name}”可用余额 ${formatLi(org.spendable)} 元，已低于提醒值 ${formatLi(org.threshold)} 元，` +
    '请及时充值，以免影响短信发送。';
  // measureText only gives gsm7 or ucs2 for a text; a number no carrier serves is left out.
  const sms = operatorSms(phones, text).filter(
    (message): message is typeof message & { carrierCode: string; encoding: 'gsm7' | 'ucs2' } =>
      message.carrierCode !== null && message.encoding !== 'binary',
  );
  if (sms.length === 0) return [];
  const reference = await loadIntakeReferenceData(pool, {
    orgId: sender.id,
    orgPath: sender.path,
    businessTypeCode: 'notification',
    nationalNumbers: [],
    blacklistCandidates: sms.map((message) => message.recipient),
  });
  const type = reference.businessType;
  if (type === null) throw new Error('low balance: the platform has no notification business type (run the base seed)');
  const messages: IntakeMessage[] = sms
    .filter((message) => !reference.blacklisted.has(message.recipient))
    .map((message) => ({
      recipient: message.recipient,
      carrierCode: message.carrierCode,
      text: message.text,
      encoding: message.encoding,
      segmentCount: message.segmentCount,
      price: BigInt(message.segmentCount) * (type.carrierPrices.get(message.carrierCode) ?? type.pricePerSegment),
    }));
  if (messages.length === 0) return [];
  const outcome = await storeIntake(pool, {
    orgId: sender.id,
    businessTypeId: type.id,
    clientRef: null,
    requestHash: createHash('sha256')
      .update(JSON.stringify(['platform', 'balance.low', org.id.toString(), now.toISOString()]))
      .digest('hex'),
    name: 'low-balance alert',
    commonText: text,
    sendAt: now,
    expiresAt: new Date(now.getTime() + type.validitySeconds * 1000),
    extension: null,
    recipientCount: messages.length,
    rejections: [],
    messages,
  });
  if (outcome.kind !== 'stored') throw new Error(`low balance: intake gave ${outcome.kind} for the platform's own SMS`);
  await enqueue(outcome.messageIds, jobPriority(type.priority));
  return [...outcome.messageIds];
}

/** The sweep's entry (sweeps.ts): SMS handed to the dispatch queue; the count of orgs alerted or cleared. */
export async function lowBalanceSweep(context: SweepContext): Promise<number> {
  const result = await runLowBalanceSweep(
    context.pool,
    context.now?.() ?? new Date(),
    async (ids, priority) => {
      await context.dispatch.add('route', { ids: ids.map(String), reason: 'intake' }, { priority });
    },
    context.log,
  );
  return result.alerted.length + result.cleared.length;
}
