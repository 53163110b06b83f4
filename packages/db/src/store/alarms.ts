import type { AlarmKind, TextEncoding } from '../generated/prisma/enums.js';
import { inTransaction, type Queryable } from './queryable.js';
import { insertWebhookEvents } from './webhooks.js';
import type pg from 'pg';

export interface AlarmToRaise {
  readonly kind: AlarmKind;
  readonly channelId: bigint | null;
  readonly carrierCode: string | null;
  readonly reason: string;
}

/** One operator SMS, already normalised and counted by the caller (@smshub/core alarmSms). */
export interface AlarmSms {
  readonly recipient: string;
  readonly carrierCode: string | null;
  readonly text: string;
  readonly encoding: TextEncoding;
  readonly segmentCount: number;
}

export interface RaisedAlarm {
  readonly id: bigint;
  /** The operator SMS stored as 'accepted' messages of the platform org: route them. */
  readonly messageIds: readonly bigint[];
}

/**
 * Records an alarm and tells the operators, in one transaction: the channel_alarms row, a
 * channel.alarm webhook event for the platform org, and an SMS per enabled alarm contact (the
 * platform org's 'alarm' business type, free). `compose` turns the contacts' numbers and the
 * alarm into SMS; the caller enqueues the returned message ids for dispatch after commit — the
 * dispatcher routes them like any message, so never through a channel that is down.
 */
export async function raiseAlarm(
  pool: pg.Pool,
  alarm: AlarmToRaise,
  compose: (phones: readonly string[], text: string) => AlarmSms[],
): Promise<RaisedAlarm> {
  return inTransaction(pool, async (client) => {
    const inserted = await client.query<{ id: bigint; raised_at: Date; channel: string | null }>(
      `INSERT INTO channel_alarms (kind, channel_id, carrier_code, reason) VALUES ($1, $2, $3, left($4, 500))
       RETURNING id, raised_at, (SELECT name FROM channels WHERE id = $2) AS channel`,
      [alarm.kind, alarm.channelId === null ? null : String(alarm.channelId), alarm.carrierCode, alarm.reason],
    );
    const row = inserted.rows[0]!;
    const platform = await client.query<{ id: bigint }>(
      `SELECT id FROM orgs WHERE kind = 'platform' ORDER BY id LIMIT 1`,
    );
    const platformId = platform.rows[0]?.id;
    if (platformId === undefined) return { id: row.id, messageIds: [] };
    await insertWebhookEvents(client, [
      {
        orgId: platformId,
        event: 'channel.alarm',
        payload: {
          id: row.id.toString(),
          kind: alarm.kind,
          channel_id: alarm.channelId === null ? null : alarm.channelId.toString(),
          channel: row.channel,
          carrier: alarm.carrierCode,
          reason: alarm.reason,
          raised_at: row.raised_at.toISOString(),
        },
      },
    ]);
    const contacts = await client.query<{ phone: string }>(
      `SELECT phone FROM alarm_contacts WHERE enabled ORDER BY id`,
    );
    const subject =
      alarm.channelId !== null ? `通道 ${row.channel ?? alarm.channelId}` : `运营商 ${alarm.carrierCode ?? '?'}`;
    const text = `【smshub告警】${subject} ${alarmWord(alarm.kind)}：${alarm.reason}（${row.raised_at.toISOString()}）`;
    const sms = compose(
      contacts.rows.map((c) => c.phone),
      text,
    );
    const messageIds = await insertAlarmMessages(client, platformId, sms);
    return { id: row.id, messageIds };
  });
}

function alarmWord(kind: AlarmKind): string {
  switch (kind) {
    case 'channel_down':
      return '故障 (down)';
    case 'channel_up':
      return '恢复 (up)';
    case 'carrier_unreachable':
      return '无可用通道 (unreachable)';
    case 'carrier_reachable':
      return '恢复可达 (reachable)';
  }
}

async function insertAlarmMessages(db: Queryable, orgId: bigint, sms: readonly AlarmSms[]): Promise<bigint[]> {
  if (sms.length === 0) return [];
  const result = await db.query<{ id: bigint }>(
    `INSERT INTO messages (org_id, business_type_id, recipient, carrier_code, text, encoding, segment_count, price, status, expires_at)
     SELECT $1, bt.id, s.recipient, s.carrier_code, s.text, s.encoding, s.segment_count, 0, 'accepted', now() + make_interval(secs => bt.validity_seconds)
       FROM unnest($2::text[], $3::text[], $4::text[], $5::text_encoding[], $6::int[]) AS s(recipient, carrier_code, text, encoding, segment_count)
       JOIN business_types bt ON bt.code = 'alarm'
     RETURNING id`,
    [
      String(orgId),
      sms.map((s) => s.recipient),
      sms.map((s) => s.carrierCode),
      sms.map((s) => s.text),
      sms.map((s) => s.encoding),
      sms.map((s) => s.segmentCount),
    ],
  );
  return result.rows.map((r) => r.id);
}

export interface AlarmRow {
  readonly id: bigint;
  readonly kind: AlarmKind;
  readonly channelId: bigint | null;
  readonly channelName: string | null;
  readonly carrierCode: string | null;
  readonly reason: string;
  readonly raisedAt: Date;
}

/** Newest first; `before` is the id to continue below (cursor). */
export async function listAlarms(
  db: Queryable,
  options: { readonly limit: number; readonly before?: bigint },
): Promise<AlarmRow[]> {
  const result = await db.query<{
    id: bigint;
    kind: AlarmKind;
    channel_id: bigint | null;
    channel_name: string | null;
    carrier_code: string | null;
    reason: string;
    raised_at: Date;
  }>(
    `SELECT a.id, a.kind, a.channel_id, c.name AS channel_name, a.carrier_code, a.reason, a.raised_at
       FROM channel_alarms a LEFT JOIN channels c ON c.id = a.channel_id
      WHERE ($2::bigint IS NULL OR a.id < $2)
      ORDER BY a.id DESC LIMIT $1`,
    [options.limit, options.before === undefined ? null : String(options.before)],
  );
  return result.rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    channelId: r.channel_id,
    channelName: r.channel_name,
    carrierCode: r.carrier_code,
    reason: r.reason,
    raisedAt: r.raised_at,
  }));
}
