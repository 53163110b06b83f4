import type { ChannelProtocol, ChannelRole } from '../generated/prisma/enums.js';
import type { Queryable } from './queryable.js';

/**
 * The slowly changing configuration every process needs on the hot path — business types,
 * channels, routes, orgs that have webhooks — loaded in a few queries and kept in memory by
 * `CatalogCache`, refreshed every few seconds. Nothing here is looked up per message.
 */

export interface BusinessTypeInfo {
  readonly id: bigint;
  readonly code: string;
  readonly priority: number;
  readonly maxQueueWaitSeconds: number;
  readonly validitySeconds: number;
  readonly retryAttempts: number;
  readonly retryBackoffSeconds: number;
  readonly retryChangeChannel: boolean;
  /** Outcome failover (@smshub/core OutcomeFailoverPolicy). */
  readonly outcomeFailoverAttempts: number;
  readonly outcomeFailoverChangeCarrier: boolean;
  readonly wantStatusReport: boolean;
  readonly quietHours: { readonly start: number; readonly end: number; readonly apply: boolean };
  readonly dualSend: boolean;
}

export interface ChannelRow {
  readonly id: bigint;
  readonly name: string;
  readonly protocol: ChannelProtocol;
  readonly protocolVersion: string;
  readonly host: string;
  readonly port: number;
  readonly account: string;
  readonly secret: string;
  readonly spNumber: string;
  readonly serviceId: string | null;
  readonly options: unknown;
  readonly maxBinds: number;
  readonly windowSize: number;
  readonly tps: number;
  readonly carriers: readonly string[];
  readonly costPerSegment: bigint;
  readonly weight: number;
  readonly role: ChannelRole;
  readonly enabled: boolean;
  readonly updatedAt: Date;
}

export interface RouteRow {
  readonly id: bigint;
  readonly carrierCode: string;
  readonly businessTypeId: bigint | null;
  readonly orgId: bigint | null;
  readonly prefix: string | null;
  readonly priority: number;
  readonly channels: readonly { readonly channelId: bigint; readonly tier: number }[];
}

export interface Catalog {
  readonly businessTypes: ReadonlyMap<bigint, BusinessTypeInfo>;
  readonly channels: readonly ChannelRow[];
  readonly routes: readonly RouteRow[];
  /** Number-portability overrides are looked up per request by intake; not cached here. */
  readonly loadedAt: Date;
}

export async function loadCatalog(db: Queryable): Promise<Catalog> {
  const [types, channels, routes] = await Promise.all([
    db.query<{
      id: bigint;
      code: string;
      priority: number;
      max_queue_wait_seconds: number;
      validity_seconds: number;
      retry_attempts: number;
      retry_backoff_seconds: number;
      retry_change_channel: boolean;
      outcome_failover_attempts: number;
      outcome_failover_change_carrier: boolean;
      want_status_report: boolean;
      quiet_hours_start: number;
      quiet_hours_end: number;
      quiet_hours_apply: boolean;
      dual_send: boolean;
    }>(`SELECT * FROM business_types WHERE enabled`),
    db.query<{
      id: bigint;
      name: string;
      protocol: ChannelProtocol;
      protocol_version: string;
      host: string;
      port: number;
      account: string;
      secret: string;
      sp_number: string;
      service_id: string | null;
      options: unknown;
      max_binds: number;
      window_size: number;
      tps: number;
      carriers: string[];
      cost_per_segment: bigint;
      weight: number;
      role: ChannelRole;
      enabled: boolean;
      updated_at: Date;
    }>(`SELECT * FROM channels ORDER BY id`),
    db.query<{
      id: bigint;
      carrier_code: string;
      business_type_id: bigint | null;
      org_id: bigint | null;
      prefix: string | null;
      priority: number;
      channel_ids: bigint[] | null;
      tiers: number[] | null;
    }>(
      `SELECT r.id, r.carrier_code, r.business_type_id, r.org_id, r.prefix, r.priority,
              array_agg(rc.channel_id ORDER BY rc.tier, rc.channel_id) FILTER (WHERE rc.channel_id IS NOT NULL) AS channel_ids,
              array_agg(rc.tier ORDER BY rc.tier, rc.channel_id) FILTER (WHERE rc.channel_id IS NOT NULL) AS tiers
         FROM routes r LEFT JOIN route_channels rc ON rc.route_id = r.id
        WHERE r.enabled
        GROUP BY r.id`,
    ),
  ]);
  return {
    businessTypes: new Map(
      types.rows.map((t) => [
        t.id,
        {
          id: t.id,
          code: t.code,
          priority: t.priority,
          maxQueueWaitSeconds: t.max_queue_wait_seconds,
          validitySeconds: t.validity_seconds,
          retryAttempts: t.retry_attempts,
          retryBackoffSeconds: t.retry_backoff_seconds,
          retryChangeChannel: t.retry_change_channel,
          outcomeFailoverAttempts: t.outcome_failover_attempts,
          outcomeFailoverChangeCarrier: t.outcome_failover_change_carrier,
          wantStatusReport: t.want_status_report,
          quietHours: { start: t.quiet_hours_start, end: t.quiet_hours_end, apply: t.quiet_hours_apply },
          dualSend: t.dual_send,
        },
      ]),
    ),
    channels: channels.rows.map((c) => ({
      id: c.id,
      name: c.name,
      protocol: c.protocol,
      protocolVersion: c.protocol_version,
      host: c.host,
      port: c.port,
      account: c.account,
      secret: c.secret,
      spNumber: c.sp_number,
      serviceId: c.service_id,
      options: c.options,
      maxBinds: c.max_binds,
      windowSize: c.window_size,
      tps: c.tps,
      carriers: c.carriers,
      costPerSegment: c.cost_per_segment,
      weight: c.weight,
      role: c.role,
      enabled: c.enabled,
      updatedAt: c.updated_at,
    })),
    routes: routes.rows.map((r) => ({
      id: r.id,
      carrierCode: r.carrier_code,
      businessTypeId: r.business_type_id,
      orgId: r.org_id,
      prefix: r.prefix,
      priority: r.priority,
      channels: (r.channel_ids ?? []).map((channelId, i) => ({ channelId, tier: r.tiers?.[i] ?? 0 })),
    })),
    loadedAt: new Date(),
  };
}

/**
 * The catalog, reloaded every `refreshMs`. A failed reload keeps the previous catalog (and
 * reports the error), so a database hiccup does not stop routing.
 */
export class CatalogCache {
  private current: Catalog | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly listeners: ((catalog: Catalog) => void)[] = [];

  constructor(
    private readonly db: Queryable,
    private readonly refreshMs = 5_000,
    private readonly onError: (error: Error) => void = () => undefined,
  ) {}

  /** Loads once (throws if that fails) and keeps refreshing. */
  async start(): Promise<Catalog> {
    const catalog = await this.reload();
    this.timer = setInterval(() => {
      this.reload().catch((error: unknown) => this.onError(error instanceof Error ? error : new Error(String(error))));
    }, this.refreshMs);
    this.timer.unref();
    return catalog;
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  get catalog(): Catalog {
    if (this.current === null) throw new Error('catalog not loaded yet: call start() first');
    return this.current;
  }

  /** Called after every successful load. */
  onChange(listener: (catalog: Catalog) => void): void {
    this.listeners.push(listener);
  }

  async reload(): Promise<Catalog> {
    const catalog = await loadCatalog(this.db);
    this.current = catalog;
    for (const listener of this.listeners) listener(catalog);
    return catalog;
  }
}
