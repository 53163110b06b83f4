import type { OrgKind, OrgStatus } from '@smshub/db';
import type { IpAllowList } from './ip-allow-list.js';

/** What authenticating a key needs, loaded once per prefix and kept for a few seconds. */
export interface ApiKeyRecord {
  readonly id: bigint;
  readonly secretHash: string;
  readonly scopes: readonly string[];
  readonly expiresAt: Date | null;
  readonly revokedAt: Date | null;
  /** Requests per second across every API process; null = only the org's limits apply. */
  readonly rateLimit: number | null;
  /** The key's list if it has one, else the org's; null when neither restricts. */
  readonly allowList: IpAllowList | null;
  readonly org: {
    readonly id: bigint;
    /** Ids from the root down to the org itself. */
    readonly path: readonly bigint[];
    /** 'platform' for the operators' own org: only its keys reach the operator routes. */
    readonly kind: OrgKind;
    readonly status: OrgStatus;
    readonly extensionCode: string | null;
    /** Intake limits (messages per second / Beijing day / month); null = unlimited. */
    readonly rateLimit: number | null;
    readonly dailyLimit: number | null;
    readonly monthlyLimit: number | null;
  };
}

export type ApiKeyLoader = (prefix: string) => Promise<ApiKeyRecord | null>;

/**
 * Key lookups cached in the process for `ttlMs`: every API call authenticates, and the row rarely
 * changes. The cost is that a key revoked or changed by another process keeps its old row here
 * for up to `ttlMs` (5 s by default); the process that revokes it calls `forget`, so there the
 * revoke holds at once. The org's limits ride along and change as late.
 * Unknown prefixes are cached too, so a flood of made-up keys costs one query per prefix. Loads
 * in flight are shared, and a failed load is not kept.
 *
 * It also decides when a key's last_used_at is written: at most once a minute per key and
 * process, not on every call.
 */
export class ApiKeyCache {
  private readonly entries = new Map<
    string,
    { readonly record: Promise<ApiKeyRecord | null>; readonly expiresAt: number }
  >();
  private readonly touchedAt = new Map<bigint, number>();

  constructor(
    private readonly load: ApiKeyLoader,
    private readonly ttlMs = 5_000,
    private readonly touchIntervalMs = 60_000,
    private readonly maxEntries = 10_000,
  ) {}

  get(prefix: string, nowMs: number): Promise<ApiKeyRecord | null> {
    const cached = this.entries.get(prefix);
    if (cached !== undefined && cached.expiresAt > nowMs) return cached.record;
    if (this.entries.size >= this.maxEntries) this.evictExpired(nowMs);
    const record = this.load(prefix);
    this.entries.set(prefix, { record, expiresAt: nowMs + this.ttlMs });
    record.catch(() => {
      if (this.entries.get(prefix)?.record === record) this.entries.delete(prefix);
    });
    return record;
  }

  /** True (and remembered) when the key's last use should be written now. */
  claimTouch(keyId: bigint, nowMs: number): boolean {
    const last = this.touchedAt.get(keyId);
    if (last !== undefined && nowMs - last < this.touchIntervalMs) return false;
    if (this.touchedAt.size >= this.maxEntries) this.touchedAt.clear();
    this.touchedAt.set(keyId, nowMs);
    return true;
  }

  /**
   * Forgets one key, so the next call in this process loads it again: a revoke or change takes
   * effect here at once. Other processes see it when their entry expires (ttlMs).
   */
  forget(prefix: string): void {
    this.entries.delete(prefix);
  }

  /** Forgets everything (tests, or after revoking a key in this process). */
  clear(): void {
    this.entries.clear();
    this.touchedAt.clear();
  }

  private evictExpired(nowMs: number): void {
    for (const [prefix, entry] of this.entries) if (entry.expiresAt <= nowMs) this.entries.delete(prefix);
    // Still full of live entries: drop the oldest, Map order being insertion order.
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
  }
}
