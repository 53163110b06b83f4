import type { MessageErrorCode } from '../message-errors.js';
import type pg from 'pg';
import type { CampaignKind, CampaignStatus, MessageStatus, TextEncoding } from '../generated/prisma/enums.js';
import { failedAttemptsOf } from './finalize.js';
import type { WebhookAttempt } from './webhooks.js';

/**
 * Reads of messages and campaigns as a customer may see them: an org sees its own rows and those
 * of every org below it (orgs.path holds the viewer's id), nothing else. A row outside that
 * subtree is reported exactly as a row that does not exist, so callers cannot tell them apart.
 */

export interface MessageView {
  readonly id: bigint;
  readonly orgId: bigint;
  readonly campaignId: bigint | null;
  readonly businessTypeCode: string;
  readonly recipient: string;
  readonly carrierCode: string | null;
  readonly text: string;
  readonly encoding: TextEncoding;
  readonly segmentCount: number;
  readonly price: bigint;
  readonly status: MessageStatus;
  readonly statusDetail: string | null;
  readonly errorCode: MessageErrorCode | null;
  readonly attempts: number;
  readonly sendAt: Date;
  readonly expiresAt: Date;
  readonly createdAt: Date;
  readonly submittedAt: Date | null;
  readonly finalAt: Date | null;
  /**
   * Every send so far, first to last: the failed-over ones (message_attempts) and the current
   * one, which the message's own status, channel and times describe. Empty before the first send.
   */
  readonly deliveryAttempts: readonly WebhookAttempt[];
}

interface MessageRow {
  id: bigint;
  org_id: bigint;
  campaign_id: bigint | null;
  business_type_code: string;
  recipient: string;
  carrier_code: string | null;
  text: string;
  encoding: TextEncoding;
  segment_count: number;
  price: bigint;
  status: MessageStatus;
  status_detail: string | null;
  error_code: MessageErrorCode | null;
  attempts: number;
  send_at: Date;
  expires_at: Date;
  created_at: Date;
  submitted_at: Date | null;
  final_at: Date | null;
  channel_id: bigint | null;
}

const MESSAGE_COLUMNS = `m.id, m.org_id, m.campaign_id, bt.code AS business_type_code, m.recipient, m.carrier_code, m.text,
  m.encoding, m.segment_count, m.price, m.status, m.status_detail, m.error_code, m.attempts, m.send_at, m.expires_at,
  m.created_at, m.submitted_at, m.final_at, m.channel_id`;

export async function findVisibleMessage(pool: pg.Pool, viewerOrgId: bigint, id: bigint): Promise<MessageView | null> {
  const result = await pool.query<MessageRow>(
    `SELECT ${MESSAGE_COLUMNS}
       FROM messages m
       JOIN orgs o ON o.id = m.org_id
       JOIN business_types bt ON bt.id = m.business_type_id
      WHERE m.id = $1 AND o.path @> ARRAY[$2::bigint] AND m.twin_of IS NULL`,
    [id, viewerOrgId],
  );
  const row = result.rows[0];
  if (row === undefined) return null;
  const earlier = await failedAttemptsOf(pool, [row.id]);
  return messageView(row, earlier.get(row.id) ?? []);
}

/** Where the previous page ended: newest first, so the next page is strictly older. */
export interface MessagePosition {
  readonly createdAt: Date;
  readonly id: bigint;
}

export interface MessageFilter {
  readonly campaignId?: bigint;
  readonly status?: MessageStatus;
  /** The stored form: national digits for Chinese mobiles, E.164 digits otherwise. */
  readonly recipient?: string;
  readonly after?: MessagePosition;
  readonly limit: number;
}

/** Newest first; one page of at most `filter.limit` rows. */
export async function listVisibleMessages(
  pool: pg.Pool,
  viewerOrgId: bigint,
  filter: MessageFilter,
): Promise<MessageView[]> {
  const result = await pool.query<MessageRow>(
    `SELECT ${MESSAGE_COLUMNS}
       FROM messages m
       JOIN orgs o ON o.id = m.org_id
       JOIN business_types bt ON bt.id = m.business_type_id
      WHERE o.path @> ARRAY[$1::bigint]
        AND m.twin_of IS NULL -- dual-send copies are the platform's, not the customer's
        AND ($2::bigint IS NULL OR m.campaign_id = $2)
        AND ($3::message_status IS NULL OR m.status = $3)
        AND ($4::text IS NULL OR m.recipient = $4)
        AND ($5::timestamptz IS NULL OR (m.created_at, m.id) < ($5, $6::bigint))
      ORDER BY m.created_at DESC, m.id DESC
      LIMIT $7`,
    [
      viewerOrgId,
      filter.campaignId ?? null,
      filter.status ?? null,
      filter.recipient ?? null,
      filter.after?.createdAt ?? null,
      filter.after?.id ?? null,
      filter.limit,
    ],
  );
  const earlier = await failedAttemptsOf(
    pool,
    result.rows.filter((row) => row.attempts > 0).map((row) => row.id),
  );
  return result.rows.map((row) => messageView(row, earlier.get(row.id) ?? []));
}

const WAITING: ReadonlySet<MessageStatus> = new Set<MessageStatus>(['accepted', 'queued']);

function messageView(row: MessageRow, earlier: readonly WebhookAttempt[]): MessageView {
  // The current send: once a channel took the message, or once it is final (it may have failed
  // before any channel, e.g. NO_ROUTE). A message waiting again after a failover shows its
  // failed attempts and a current one without a channel yet.
  const started = !WAITING.has(row.status) || earlier.length > 0;
  const current: WebhookAttempt[] = started
    ? [
        {
          attempt: earlier.length + 1,
          channel_id: row.channel_id === null || WAITING.has(row.status) ? null : String(row.channel_id),
          status: row.status,
          error_code: row.error_code,
          report_code: null,
          submitted_at: WAITING.has(row.status) || row.submitted_at === null ? null : row.submitted_at.toISOString(),
          final_at: row.final_at === null ? null : row.final_at.toISOString(),
        },
      ]
    : [];
  return {
    id: row.id,
    orgId: row.org_id,
    campaignId: row.campaign_id,
    businessTypeCode: row.business_type_code,
    recipient: row.recipient,
    carrierCode: row.carrier_code,
    text: row.text,
    encoding: row.encoding,
    segmentCount: row.segment_count,
    price: row.price,
    status: row.status,
    statusDetail: row.status_detail,
    errorCode: row.error_code,
    attempts: row.attempts,
    sendAt: row.send_at,
    expiresAt: row.expires_at,
    createdAt: row.created_at,
    submittedAt: row.submitted_at,
    finalAt: row.final_at,
    deliveryAttempts: [...earlier, ...current],
  };
}

export interface CampaignView {
  readonly id: bigint;
  readonly orgId: bigint;
  readonly kind: CampaignKind;
  readonly name: string;
  readonly businessTypeCode: string;
  readonly clientRef: string | null;
  readonly status: CampaignStatus;
  readonly sendAt: Date | null;
  /** Accepted and rejected recipients together. */
  readonly recipientCount: number;
  /** Recipients refused at intake (they have no message row). */
  readonly rejectedCount: number;
  readonly segmentCount: number;
  /** li charged. */
  readonly amount: bigint;
  /** Messages per status; statuses with none are absent. */
  readonly statusCounts: Readonly<Partial<Record<MessageStatus, number>>>;
  readonly createdAt: Date;
  readonly completedAt: Date | null;
}

/** The campaign with its messages counted by status: two queries. */
export async function findVisibleCampaign(
  pool: pg.Pool,
  viewerOrgId: bigint,
  id: bigint,
): Promise<CampaignView | null> {
  const campaign = await pool.query<{
    id: bigint;
    org_id: bigint;
    kind: CampaignKind;
    name: string;
    business_type_code: string;
    client_ref: string | null;
    status: CampaignStatus;
    send_at: Date | null;
    recipient_count: number;
    rejected_count: number;
    segment_count: number;
    amount: bigint;
    created_at: Date;
    completed_at: Date | null;
  }>(
    `SELECT c.id, c.org_id, c.kind, c.name, bt.code AS business_type_code, c.client_ref, c.status, c.send_at,
            c.recipient_count, COALESCE(jsonb_array_length(c.rejections), 0) AS rejected_count, c.segment_count, c.amount,
            c.created_at, c.completed_at
       FROM campaigns c
       JOIN orgs o ON o.id = c.org_id
       JOIN business_types bt ON bt.id = c.business_type_id
      WHERE c.id = $1 AND o.path @> ARRAY[$2::bigint]`,
    [id, viewerOrgId],
  );
  const row = campaign.rows[0];
  if (row === undefined) return null;
  const counts = await pool.query<{ status: MessageStatus; count: number }>(
    'SELECT status, count(*)::int AS count FROM messages WHERE campaign_id = $1 GROUP BY status',
    [row.id],
  );
  const statusCounts: Partial<Record<MessageStatus, number>> = {};
  for (const count of counts.rows) statusCounts[count.status] = count.count;
  return {
    id: row.id,
    orgId: row.org_id,
    kind: row.kind,
    name: row.name,
    businessTypeCode: row.business_type_code,
    clientRef: row.client_ref,
    status: row.status,
    sendAt: row.send_at,
    recipientCount: row.recipient_count,
    rejectedCount: row.rejected_count,
    segmentCount: row.segment_count,
    amount: row.amount,
    statusCounts,
    createdAt: row.created_at,
    completedAt: row.completed_at,
  };
}
