import type { AlarmRow } from '@smshub/db';
import type { Alarm } from '../schemas.js';

/** An alarm row as the API shows it: a channel alarm names its channel, a carrier alarm its carrier. */
export function alarmResource(row: AlarmRow): Alarm {
  return {
    id: String(row.id),
    kind: row.kind,
    // Alarms go with their channel (ON DELETE CASCADE), so a channel alarm always finds its name;
    // the id stands in should that ever change.
    channel:
      row.channelId === null ? null : { id: String(row.channelId), name: row.channelName ?? String(row.channelId) },
    carrier: row.carrierCode,
    reason: row.reason,
    raised_at: row.raisedAt.toISOString(),
  };
}
