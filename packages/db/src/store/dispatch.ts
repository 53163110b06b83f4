import type { Queryable } from './queryable.js';

/** A message waiting for a channel, with what routing needs to know. */
export interface DispatchCandidate {
  readonly id: bigint;
  readonly orgId: bigint;
  /** The org's path, root first, the org itself last. */
  readonly orgPath: readonly bigint[];
  readonly businessTypeId: bigint;
  readonly recipient: string;
  readonly carrierCode: string | null;
  readonly segmentCount: number;
  readonly attempts: number;
  /** The channel of the previous attempt, if any (a retry may want another). */
  readonly channelId: bigint | null;
  /**
   * Channels of earlier sends that a final report closed as not delivered for network trouble
   * (outcome failover): the next send avoids them, or their channel groups.
   */
  readonly failedChannelIds: readonly bigint[];
  readonly sendAt: Date;
  readonly expiresAt: Date;
}

/**
 * The messages among `ids` that still need a channel now ('accepted', due). Others (already
 * queued by a duplicate job, canceled, scheduled for later) are simply not returned.
 */
export async function loadForDispatch(db: Queryable, ids: readonly bigint[]): Promise<DispatchCandidate[]> {
  if (ids.length === 0) return [];
  const result = await db.query<{
    id: bigint;
    org_id: bigint;
    path: bigint[];
    business_type_id: bigint;
    recipient: string;
    carrier_code: string | null;
    segment_count: number;
    attempts: number;
    channel_id: bigint | null;
    send_at: Date;
    expires_at: Date;
    failed_channel_ids: bigint[] | null;
  }>(
    // message_attempts is read only for messages sent before (attempts > 0): a first send,
    // nearly every message, costs no lookup.
    `SELECT m.id, m.org_id, o.path, m.business_type_id, m.recipient, m.carrier_code, m.segment_count,
            m.attempts, m.channel_id, m.send_at, m.expires_at,
            CASE WHEN m.attempts > 0 THEN
              (SELECT array_agg(a.channel_id) FROM message_attempts a WHERE a.message_id = m.id AND a.channel_id IS NOT NULL)
            END AS failed_channel_ids
       FROM messages m
       JOIN orgs o ON o.id = m.org_id
      WHERE m.id = ANY ($1::bigint[]) AND m.status = 'accepted' AND m.send_at <= now()
      ORDER BY m.id`,
    [ids.map(String)],
  );
  return result.rows.map((row) => ({
    id: row.id,
    orgId: row.org_id,
    orgPath: row.path,
    businessTypeId: row.business_type_id,
    recipient: row.recipient,
    carrierCode: row.carrier_code,
    segmentCount: row.segment_count,
    attempts: row.attempts,
    channelId: row.channel_id,
    failedChannelIds: row.failed_channel_ids ?? [],
    sendAt: row.send_at,
    expiresAt: row.expires_at,
  }));
}

/**
 * Hands messages to channels: 'accepted' → 'queued' with the channel set, in one statement, and
 * makes their campaigns 'sending' if they were 'scheduled' (their first message is on its way).
 * Returns the ids it moved; a message another dispatcher moved first is not among them, so a
 * job run twice never queues a message twice.
 */
export async function assignChannels(
  db: Queryable,
  assignments: readonly { readonly id: bigint; readonly channelId: bigint }[],
): Promise<bigint[]> {
  if (assignments.length === 0) return [];
  const result = await db.query<{ id: bigint }>(
    `WITH moved AS (
       UPDATE messages m
          SET status = 'queued', channel_id = a.channel_id, status_detail = NULL
         FROM unnest($1::bigint[], $2::bigint[]) AS a(id, channel_id)
        WHERE m.id = a.id AND m.status = 'accepted'
        RETURNING m.id, m.campaign_id
     ), started AS (
       UPDATE campaigns c SET status = 'sending', updated_at = now()
        WHERE c.id IN (SELECT campaign_id FROM moved WHERE campaign_id IS NOT NULL) AND c.status = 'scheduled'
     )
     SELECT id FROM moved`,
    [assignments.map((a) => String(a.id)), assignments.map((a) => String(a.channelId))],
  );
  return result.rows.map((row) => row.id);
}

/** Notes why messages still wait (no usable channel yet), without changing their state. */
export async function noteWaiting(db: Queryable, ids: readonly bigint[], detail: string): Promise<void> {
  if (ids.length === 0) return;
  await db.query(`UPDATE messages SET status_detail = $2 WHERE id = ANY ($1::bigint[]) AND status = 'accepted'`, [
    ids.map(String),
    detail,
  ]);
}

/**
 * Due messages nobody is working on: 'accepted' ones whose dispatch job was lost (Redis
 * restarted, the enqueue after commit failed), oldest first.
 */
export async function findStranded(db: Queryable, olderThanMs: number, limit: number): Promise<bigint[]> {
  const result = await db.query<{ id: bigint }>(
    `SELECT id FROM messages
      WHERE status = 'accepted' AND send_at <= now() - make_interval(secs => $1::double precision / 1000)
      ORDER BY send_at, id
      LIMIT $2`,
    [olderThanMs, limit],
  );
  return result.rows.map((row) => row.id);
}

/** Messages a channel holds in its queue or in hand ('queued' / 'submitting'). */
export async function messagesInChannel(
  db: Queryable,
  channelId: bigint,
  status: 'queued' | 'submitting',
  limit: number,
): Promise<bigint[]> {
  const result = await db.query<{ id: bigint }>(
    `SELECT id FROM messages WHERE channel_id = $1 AND status = $2 ORDER BY id LIMIT $3`,
    [String(channelId), status, limit],
  );
  return result.rows.map((row) => row.id);
}

/** Counts of messages queued per channel (for the live state's backlog after a restart). */
export async function queuedPerChannel(db: Queryable): Promise<Map<bigint, number>> {
  const result = await db.query<{ channel_id: bigint; queued: number }>(
    `SELECT channel_id, count(*)::int AS queued FROM messages WHERE status = 'queued' AND channel_id IS NOT NULL GROUP BY channel_id`,
  );
  return new Map(result.rows.map((row) => [row.channel_id, row.queued]));
}

/** Gives messages queued on a channel back to the dispatcher (the channel failed over). */
export async function requeueFromChannel(db: Queryable, ids: readonly bigint[], detail: string): Promise<bigint[]> {
  if (ids.length === 0) return [];
  const result = await db.query<{ id: bigint }>(
    `UPDATE messages SET status = 'accepted', status_detail = $2
      WHERE id = ANY ($1::bigint[]) AND status = 'queued'
      RETURNING id`,
    [ids.map(String), detail],
  );
  return result.rows.map((row) => row.id);
}

/** Holds messages until `until` (quiet hours): they stay 'accepted' and the due sweep sends them then. */
export async function holdUntil(
  db: Queryable,
  holds: readonly { readonly id: bigint; readonly until: Date; readonly detail: string }[],
): Promise<void> {
  if (holds.length === 0) return;
  await db.query(
    `UPDATE messages m SET send_at = h.until, status_detail = left(h.detail, 200)
       FROM unnest($1::bigint[], $2::timestamptz[], $3::text[]) AS h(id, until, detail)
      WHERE m.id = h.id AND m.status = 'accepted'`,
    [holds.map((h) => String(h.id)), holds.map((h) => h.until), holds.map((h) => h.detail)],
  );
}

/**
 * Dual send: a free copy of each just-queued original, queued on a second channel. The copies
 * have no campaign (the customer's counts are the originals'), and point at their original.
 * Returns the copies' ids with their channel.
 */
export async function createTwins(
  db: Queryable,
  twins: readonly { readonly originalId: bigint; readonly channelId: bigint }[],
): Promise<{ id: bigint; channelId: bigint; originalId: bigint }[]> {
  if (twins.length === 0) return [];
  const result = await db.query<{ id: bigint; channel_id: bigint; twin_of: bigint }>(
    `INSERT INTO messages (org_id, business_type_id, recipient, carrier_code, extension, text, encoding, segment_count, price,
                           status, channel_id, send_at, expires_at, twin_of)
     SELECT o.org_id, o.business_type_id, o.recipient, o.carrier_code, o.extension, o.text, o.encoding, o.segment_count, 0,
            'queued', t.channel_id, o.send_at, o.expires_at, o.id
       FROM unnest($1::bigint[], $2::bigint[]) AS t(original, channel_id)
       JOIN messages o ON o.id = t.original AND o.twin_of IS NULL
        AND NOT EXISTS (SELECT 1 FROM messages x WHERE x.twin_of = o.id)
     RETURNING id, channel_id, twin_of`,
    [twins.map((t) => String(t.originalId)), twins.map((t) => String(t.channelId))],
  );
  return result.rows.map((row) => ({ id: row.id, channelId: row.channel_id, originalId: row.twin_of }));
}
