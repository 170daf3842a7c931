import { err, ok, type Result } from '@tsukimi/result';

/** One prompt-cache lease: a run of a tenant's blocks the pool keeps until `expiresAtMs`. */
export interface PromptCacheLease {
  readonly tenant: string;
  /** The last block key of the leased run: with chained keys it names the whole prefix up to it. */
  readonly leaseId: string;
  readonly sizeBytes: number;
  readonly expiresAtMs: number;
}

/** What taking a lease did: a new one, or one still live made to last longer (a hit). */
export interface LeaseGrant {
  readonly kind: 'created' | 'renewed';
  readonly lease: PromptCacheLease;
  /** The byte-seconds this grant added to the tenant's account. */
  readonly costByteSeconds: number;
}

/** A lease the tenant's quota cannot hold: what it would cost and what is left. */
export interface QuotaExceeded {
  readonly kind: 'over-quota';
  readonly tenant: string;
  readonly costByteSeconds: number;
  readonly availableByteSeconds: number;
  readonly quotaByteSeconds: number;
  /** Bytes the tenant's live leases hold: the account runs down by this much each second. */
  readonly heldBytes: number;
}

/** A tenant's quota in byte-seconds, or undefined for none. */
export type QuotaOf = (tenant: string) => number | undefined;

/**
 * The prompt-cache leases of every tenant and the quota math, pure (the caller passes the time).
 * A tenant's account is the byte-seconds its live leases still hold: each lease's bytes times the
 * time it has left. A lease costs its bytes times the time it adds (all of its TTL when new, only
 * the extension when renewed), and is refused when the account plus that cost would pass the
 * quota. So a quota of Q byte-seconds holds Q/TTL bytes at any moment, and renewing on use costs
 * only the time that passed since the last use.
 */
export class LeaseLedger {
  private readonly leases = new Map<string, Map<string, PromptCacheLease>>();

  constructor(private readonly quotaOf: QuotaOf) {}

  /** What `grant` would do, without doing it. */
  check(tenant: string, leaseId: string, sizeBytes: number, ttlMs: number, nowMs: number): Result<LeaseGrant, QuotaExceeded> {
    const current = this.live(tenant, leaseId, nowMs);
    const expiresAtMs = Math.max(nowMs + ttlMs, current?.expiresAtMs ?? 0);
    const addedMs = expiresAtMs - (current?.expiresAtMs ?? nowMs);
    const costByteSeconds = (sizeBytes * addedMs) / 1000;
    const lease = { tenant, leaseId, sizeBytes, expiresAtMs };
    const quotaByteSeconds = this.quotaOf(tenant);
    if (quotaByteSeconds !== undefined && costByteSeconds > 0) {
      const availableByteSeconds = this.availableByteSeconds(tenant, nowMs);
      if (costByteSeconds > availableByteSeconds) return err({ kind: 'over-quota', tenant, costByteSeconds, availableByteSeconds, quotaByteSeconds, heldBytes: this.heldBytes(tenant, nowMs) });
    }
    return ok({ kind: current ? 'renewed' : 'created', lease, costByteSeconds });
  }

  /** Takes or renews the lease, within the tenant's quota. */
  grant(tenant: string, leaseId: string, sizeBytes: number, ttlMs: number, nowMs: number): Result<LeaseGrant, QuotaExceeded> {
    const decided = this.check(tenant, leaseId, sizeBytes, ttlMs, nowMs);
    if (decided.ok) this.tenantLeases(tenant).set(leaseId, decided.value.lease);
    return decided;
  }

  /** The lease if it is still live at `nowMs`. */
  live(tenant: string, leaseId: string, nowMs: number): PromptCacheLease | undefined {
    const lease = this.leases.get(tenant)?.get(leaseId);
    return lease && lease.expiresAtMs > nowMs ? lease : undefined;
  }

  /**
   * Gives back a lease booked until `grantedExpiresAtMs` unless something renewed it since: it goes
   * back to `previousExpiresAtMs` if that is still ahead, and is dropped otherwise.
   */
  restore(tenant: string, leaseId: string, grantedExpiresAtMs: number, previousExpiresAtMs: number | undefined, nowMs: number): void {
    const leases = this.leases.get(tenant);
    const lease = leases?.get(leaseId);
    if (!leases || lease?.expiresAtMs !== grantedExpiresAtMs) return;
    if (previousExpiresAtMs !== undefined && previousExpiresAtMs > nowMs) leases.set(leaseId, { ...lease, expiresAtMs: previousExpiresAtMs });
    else leases.delete(leaseId);
    if (leases.size === 0) this.leases.delete(tenant);
  }

  /** Drops and returns every lease that has run out by `nowMs`, of one tenant or of all. */
  expire(nowMs: number, only?: string): PromptCacheLease[] {
    const gone: PromptCacheLease[] = [];
    for (const [tenant, leases] of this.leases) {
      if (only !== undefined && tenant !== only) continue;
      for (const [id, lease] of leases) {
        if (lease.expiresAtMs > nowMs) continue;
        gone.push(lease);
        leases.delete(id);
      }
      if (leases.size === 0) this.leases.delete(tenant);
    }
    return gone;
  }

  quotaByteSeconds(tenant: string): number | undefined {
    return this.quotaOf(tenant);
  }

  /** Byte-seconds the tenant may still lease at `nowMs`; Infinity without a quota. */
  availableByteSeconds(tenant: string, nowMs: number): number {
    const quota = this.quotaOf(tenant);
    return quota === undefined ? Number.POSITIVE_INFINITY : Math.max(0, quota - this.heldByteSeconds(tenant, nowMs));
  }

  /** Bytes the tenant's live leases hold at `nowMs`. */
  heldBytes(tenant: string, nowMs: number): number {
    return this.liveLeases(tenant, nowMs).reduce((n, lease) => n + lease.sizeBytes, 0);
  }

  /** Byte-seconds the tenant's live leases still hold: bytes times the time each has left. */
  heldByteSeconds(tenant: string, nowMs: number): number {
    return this.liveLeases(tenant, nowMs).reduce((n, lease) => n + (lease.sizeBytes * (lease.expiresAtMs - nowMs)) / 1000, 0);
  }

  /** Tenants with a lease on the books, live or not yet expired by `expire`. */
  tenants(): string[] {
    return [...this.leases.keys()];
  }

  private liveLeases(tenant: string, nowMs: number): PromptCacheLease[] {
    return [...(this.leases.get(tenant)?.values() ?? [])].filter((lease) => lease.expiresAtMs > nowMs);
  }

  private tenantLeases(tenant: string): Map<string, PromptCacheLease> {
    let leases = this.leases.get(tenant);
    if (!leases) this.leases.set(tenant, (leases = new Map()));
    return leases;
  }
}
