import { err, ok, type Result } from '@tsukimi/result';
import { type Charged, type ChargedLease, type HeldLeases, type LeaseBook, type LeaseCharge } from './lease-book.port';
import { type SharedStoreUnavailable } from '../shared-store.unavailable';
import { LeaseLedger, type QuotaExceeded } from './lease.ledger';

/** The lease book of one conductor alone, in memory: without `--redis-url`, and a restart forgets it. */
export class MemoryLeaseBook implements LeaseBook {
  private quota: number | undefined;
  private readonly ledger = new LeaseLedger(() => this.quota);
  /** Run-out leases dropped by a refused charge, counted by the next look instead. */
  private readonly uncounted = new Map<string, number>();

  charge(tenant: string, leases: readonly LeaseCharge[], quotaByteSeconds: number | undefined, nowMs: number): Promise<Result<Charged, QuotaExceeded | SharedStoreUnavailable>> {
    this.quota = quotaByteSeconds;
    const expired = this.drop(tenant, nowMs);
    const availableByteSeconds = this.ledger.availableByteSeconds(tenant, nowMs);
    const heldBytes = this.ledger.heldBytes(tenant, nowMs);
    const booked: ChargedLease[] = [];
    let costByteSeconds = 0;
    let refused = false;
    for (const lease of leases) {
      const before = this.ledger.live(tenant, lease.leaseId, nowMs);
      const granted = refused ? this.ledger.check(tenant, lease.leaseId, lease.sizeBytes, lease.ttlMs, nowMs) : this.ledger.grant(tenant, lease.leaseId, lease.sizeBytes, lease.ttlMs, nowMs);
      costByteSeconds += granted.ok ? granted.value.costByteSeconds : granted.error.costByteSeconds;
      if (!granted.ok) refused = true;
      else if (!refused) booked.push({ leaseId: lease.leaseId, kind: granted.value.kind, expiresAtMs: granted.value.lease.expiresAtMs, costByteSeconds: granted.value.costByteSeconds, ...(before ? { previousExpiresAtMs: before.expiresAtMs } : {}) });
    }
    if (!refused) return Promise.resolve(ok({ leases: booked, expired }));
    this.undo(tenant, booked, nowMs);
    this.uncounted.set(tenant, expired);
    return Promise.resolve(err({ kind: 'over-quota', tenant, costByteSeconds, availableByteSeconds, quotaByteSeconds: quotaByteSeconds ?? Infinity, heldBytes }));
  }

  release(tenant: string, leases: readonly ChargedLease[], nowMs: number): Promise<Result<void, SharedStoreUnavailable>> {
    this.undo(tenant, leases, nowMs);
    return Promise.resolve(ok(undefined));
  }

  held(tenant: string, nowMs: number): Promise<Result<HeldLeases, SharedStoreUnavailable>> {
    const expired = this.drop(tenant, nowMs);
    return Promise.resolve(ok({ heldBytes: this.ledger.heldBytes(tenant, nowMs), expired }));
  }

  /** Latest first, so that a lease charged twice in one request ends at its expiry from before both. */
  private undo(tenant: string, leases: readonly ChargedLease[], nowMs: number): void {
    for (const lease of [...leases].reverse()) this.ledger.restore(tenant, lease.leaseId, lease.expiresAtMs, lease.previousExpiresAtMs, nowMs);
  }

  private drop(tenant: string, nowMs: number): number {
    const expired = this.ledger.expire(nowMs, tenant).length + (this.uncounted.get(tenant) ?? 0);
    this.uncounted.delete(tenant);
    return expired;
  }
}
