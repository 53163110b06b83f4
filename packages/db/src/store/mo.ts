import type { MoRoute, TextEncoding } from '../generated/prisma/enums.js';
import type { Queryable } from './queryable.js';
import { buildMoReceivedPayload, insertWebhookEvents } from './webhooks.js';

export interface IncomingMo {
  readonly channelId: bigint;
  readonly from: string;
  /** SP number plus the extension the subscriber replied to. */
  readonly to: string;
  readonly text: string;
  readonly encoding: TextEncoding;
  readonly receivedAt: Date;
}

export interface StoredMo {
  readonly id: bigint;
  readonly orgId: bigint | null;
  readonly keyword: string | null;
  readonly routedTo: MoRoute | null;
}

/**
 * Words a subscriber sends to stop messages (退订 "unsubscribe", TD, T, N, STOP …). Matched on
 * the whole trimmed text, case-insensitive.
 */
export const OPT_OUT_KEYWORDS: readonly string[] = [
  'TD',
  'T',
  'N',
  '退订',
  '取消',
  'STOP',
  'UNSUBSCRIBE',
  'QX',
  '0000',
];

/**
 * Stores MO messages and routes them in the same statement: the org is the one whose extension
 * code is the longest prefix of the digits after the channel's SP number; an opt-out keyword puts
 * the sender on that org's blacklist; everything else lands in the org's inbox. Emits the
 * mo.received webhook events. Unroutable MO is kept (org null) for the operators.
 */
export async function storeMo(db: Queryable, items: readonly IncomingMo[]): Promise<StoredMo[]> {
  if (items.length === 0) return [];
  const result = await db.query<{
    id: bigint;
    org_id: bigint | null;
    keyword: string | null;
    routed_to: MoRoute | null;
    from_number: string;
    to_number: string;
    text: string;
    received_at: Date;
  }>(
    `WITH incoming AS (
       SELECT i.*, ch.sp_number,
              upper(btrim(i.text)) AS word
         FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text_encoding[], $6::timestamptz[])
              AS i(channel_id, from_number, to_number, text, encoding, received_at)
         JOIN channels ch ON ch.id = i.channel_id
     ), routed AS (
       SELECT incoming.*,
              (SELECT o.id FROM orgs o
                WHERE o.extension_code IS NOT NULL
                  AND starts_with(incoming.to_number, incoming.sp_number)
                  AND starts_with(substr(incoming.to_number, length(incoming.sp_number) + 1), o.extension_code)
                ORDER BY length(o.extension_code) DESC
                LIMIT 1) AS org_id
         FROM incoming
     ), stored AS (
       INSERT INTO mo_messages (channel_id, from_number, to_number, text, encoding, received_at, org_id, keyword, routed_to, handled_at)
       SELECT channel_id, left(from_number, 21), left(to_number, 21), text, encoding, received_at, org_id,
              CASE WHEN word = ANY ($7::text[]) THEN word END,
              (CASE WHEN org_id IS NULL THEN NULL WHEN word = ANY ($7::text[]) THEN 'opt_out' ELSE 'inbox' END)::mo_route,
              CASE WHEN org_id IS NULL THEN NULL ELSE now() END
         FROM routed
       RETURNING id, org_id, keyword, routed_to, from_number, to_number, text, received_at
     ), opted_out AS (
       INSERT INTO blacklist (number, org_id, source, reason)
       SELECT DISTINCT from_number, org_id, 'opt_out'::blacklist_source, 'replied ' || keyword
         FROM stored WHERE routed_to = 'opt_out'
       ON CONFLICT (number, org_id) DO NOTHING
     )
     SELECT * FROM stored ORDER BY id`,
    [
      items.map((i) => String(i.channelId)),
      items.map((i) => i.from),
      items.map((i) => i.to),
      items.map((i) => i.text.replaceAll('\u0000', '\uFFFD')),
      items.map((i) => i.encoding),
      items.map((i) => i.receivedAt),
      OPT_OUT_KEYWORDS.map((k) => k.toUpperCase()),
    ],
  );
  const routed = result.rows.filter((row) => row.org_id !== null);
  await insertWebhookEvents(
    db,
    routed.map((row) => ({
      orgId: row.org_id!,
      event: 'mo.received',
      payload: buildMoReceivedPayload({
        moId: row.id,
        orgId: row.org_id!,
        fromNumber: row.from_number,
        toNumber: row.to_number,
        text: row.text,
        keyword: row.keyword,
        receivedAt: row.received_at,
      }),
    })),
  );
  return result.rows.map((row) => ({ id: row.id, orgId: row.org_id, keyword: row.keyword, routedTo: row.routed_to }));
}
