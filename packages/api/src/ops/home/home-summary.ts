import { listAlarms, type AlarmKind, type AlarmRow, type CampaignStatus } from '@smshub/db';
import { ApiError } from '../../v1/api-error.js';
import { beijingWindows } from '../../v1/auth/rate-limit.js';
import type { ApiDeps } from '../../v1/deps.js';
import { requirePermission, type Principal } from '../principal.js';
import { visibleOrgsSql, visibleOrgsWhere } from '../visibility.js';
import { FINAL_STATUSES } from '../messages/message-row.js';

export interface HomeSummary {
  /** li, of the principal's own org */
  readonly balance: string;
  readonly reserved: string;
  readonly billingMode: 'prepaid' | 'postpaid';
  /** Messages of the principal's subtree created since Beijing midnight. */
  readonly today: {
    readonly messages: number;
    readonly delivered: number;
    /** Messages with an outcome (delivered or not). */
    readonly final: number;
    /** delivered / final, null before any outcome. */
    readonly successRate: number | null;
  };
  readonly recentCampaigns: readonly {
    readonly id: string;
    readonly name: string;
    readonly status: CampaignStatus;
    readonly recipients: number;
    readonly delivered: number;
    readonly failed: number;
    readonly createdAt: Date;
  }[];
  /** Only for principals with `operations` (the platform's operators); null for everyone else. */
  readonly alarms:
    | readonly {
        readonly id: string;
        readonly kind: AlarmKind;
        readonly channelName: string | null;
        readonly carrier: string | null;
        readonly reason: string;
        readonly raisedAt: Date;
      }[]
    | null;
}

/**
 * Alarms carry no "resolved" state: an open one is a channel_down / carrier_unreachable of the
 * last day with no later channel_up / carrier_reachable for the same channel or carrier.
 */
export const OPEN_ALARM_WINDOW_MS = 86_400_000;
const RECENT_CAMPAIGNS = 5;
const ALARMS_SHOWN = 10;
/** Alarms read to find the open ones among (newest first). */
const ALARMS_READ = 200;

/**
 * The console's home page: one org row, one aggregate over today's messages (served by messages
 * (org_id, created_at): the subtree's orgs, then each org's rows since midnight), the 5 newest
 * campaigns and, for operators, the open alarms — four queries side by side.
 */
export async function homeSummary(deps: ApiDeps, principal: Principal): Promise<HomeSummary> {
  requirePermission(principal, 'messages:read');
  const now = deps.now();
  const dayStart = new Date(beijingWindows(now).dayEndsAt.getTime() - 86_400_000);
  const operator = principal.permissions.has('operations');
  const [org, today, campaigns, alarms] = await Promise.all([
    deps.prisma.org.findUnique({
      where: { id: principal.orgId },
      select: { balance: true, reserved: true, billingMode: true },
    }),
    deps.pool.query<{ messages: string; delivered: string; final: string }>(
      `SELECT count(*) AS messages,
              count(*) FILTER (WHERE m.status = 'delivered') AS delivered,
              count(*) FILTER (WHERE m.status = ANY($3::message_status[])) AS final
         FROM orgs o JOIN messages m ON m.org_id = o.id
        WHERE ${visibleOrgsSql('o', 1)} AND m.created_at >= $2 AND m.twin_of IS NULL`,
      [principal.orgId, dayStart, FINAL_STATUSES],
    ),
    deps.prisma.campaign.findMany({
      where: { org: visibleOrgsWhere(principal) },
      select: {
        id: true,
        name: true,
        status: true,
        recipientCount: true,
        deliveredCount: true,
        failedCount: true,
        createdAt: true,
      },
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      take: RECENT_CAMPAIGNS,
    }),
    operator ? listAlarms(deps.pool, { limit: ALARMS_READ }) : Promise.resolve(null),
  ]);
  if (org === null) throw ApiError.notFound('org', String(principal.orgId));
  const counts = today.rows[0] ?? { messages: '0', delivered: '0', final: '0' };
  const final = Number(counts.final);
  const delivered = Number(counts.delivered);
  return {
    balance: String(org.balance),
    reserved: String(org.reserved),
    billingMode: org.billingMode,
    today: {
      messages: Number(counts.messages),
      delivered,
      final,
      successRate: final === 0 ? null : delivered / final,
    },
    recentCampaigns: campaigns.map((c) => ({
      id: String(c.id),
      name: c.name,
      status: c.status,
      recipients: c.recipientCount,
      delivered: c.deliveredCount,
      failed: c.failedCount,
      createdAt: c.createdAt,
    })),
    alarms: alarms === null ? null : openAlarms(alarms, now.getTime() - OPEN_ALARM_WINDOW_MS),
  };
}

const RECOVERY: Readonly<Partial<Record<AlarmKind, AlarmKind>>> = {
  channel_down: 'channel_up',
  carrier_unreachable: 'carrier_reachable',
};

/** Newest first in, newest first out: raised since `since`, not recovered since. */
function openAlarms(alarms: readonly AlarmRow[], since: number): NonNullable<HomeSummary['alarms']> {
  const recovered = new Set<string>();
  const open: NonNullable<HomeSummary['alarms']>[number][] = [];
  for (const alarm of alarms) {
    const subject = `${alarm.channelId ?? ''}/${alarm.carrierCode ?? ''}`;
    const recovery = RECOVERY[alarm.kind];
    if (recovery === undefined) {
      recovered.add(`${alarm.kind}:${subject}`);
      continue;
    }
    if (alarm.raisedAt.getTime() < since || recovered.has(`${recovery}:${subject}`)) continue;
    if (open.length < ALARMS_SHOWN) {
      open.push({
        id: String(alarm.id),
        kind: alarm.kind,
        channelName: alarm.channelName,
        carrier: alarm.carrierCode,
        reason: alarm.reason,
        raisedAt: alarm.raisedAt,
      });
    }
  }
  return open;
}
