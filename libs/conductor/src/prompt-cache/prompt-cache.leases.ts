import { err, ok, type Result } from '@tsukimi/result';
import { type Clock } from '@tsukimi/telemetry';
import { type LeaseLedger, type QuotaExceeded } from './lease.ledger';
import { type LeaseRun } from './lease.runs';
import { type LeaseOutcome, type PromptCacheMetrics, type PromptCachePool } from './prompt-cache.ports';

/** One lease as a request's provenance reports it. */
export interface LeaseReport {
  readonly outcome: LeaseOutcome;
  /** Prompt tokens up to the end of the leased run. */
  readonly tokens: number;
  readonly blocks: number;
  /** The blocks' bytes, which the quota counts. */
  readonly sizeBytes: number;
  readonly ttlMs: number;
  /** Blocks the pool held and now protects. */
  readonly heldBlocks: number;
  /** Wall-clock ms; absent when no lease was taken. */
  readonly expiresAtMs?: number;
}

/**
 * Prompt-cache leases: a request's marked prefix kept in the pool for its TTL, held by the pool
 * master (a soft pin on every block) so that it outlives the instance that computed it, and
 * counted against the tenant's quota in the ledger. A request is checked against the quota before
 * any work (`admit`) and its leases are taken once its blocks are stored (`take`). Two requests of
 * one tenant admitted together may both pass `admit`; `take` checks again, and a lease it refuses
 * is reported as `over-quota` on a request already served.
 */
export class PromptCacheLeases {
  /** Tenants whose held-bytes gauge was set, so that it goes back to 0 when their leases expire. */
  private readonly shown = new Set<string>();

  constructor(
    private readonly ledger: LeaseLedger,
    private readonly pool: PromptCachePool,
    private readonly metrics: PromptCacheMetrics,
    private readonly clock: Pick<Clock, 'nowMs'>,
  ) {}

  /** Whether the tenant's quota can hold every run, renewals costing only what they add. */
  admit(tenant: string, runs: readonly LeaseRun[]): Result<void, QuotaExceeded> {
    if (runs.length === 0) return ok(undefined);
    const nowMs = this.clock.nowMs();
    let costByteSeconds = 0;
    for (const run of runs) {
      const one = this.ledger.check(tenant, run.leaseId, run.sizeBytes, run.ttlMs, nowMs);
      if (!one.ok) return this.refuse(one.error);
      costByteSeconds += one.value.costByteSeconds;
    }
    const availableByteSeconds = this.ledger.availableByteSeconds(tenant, nowMs);
    if (costByteSeconds > availableByteSeconds) {
      return this.refuse({ kind: 'over-quota', tenant, costByteSeconds, availableByteSeconds, quotaByteSeconds: this.ledger.quotaByteSeconds(tenant) ?? Infinity, heldBytes: this.ledger.heldBytes(tenant, nowMs) });
    }
    return ok(undefined);
  }

  /** Protects each run's blocks in the pool and books the lease; what happened to each. */
  async take(tenant: string, runs: readonly LeaseRun[]): Promise<LeaseReport[]> {
    this.sweep();
    const reports: LeaseReport[] = [];
    for (const run of runs) reports.push(await this.takeOne(tenant, run));
    this.metrics.heldBytes(tenant, this.ledger.heldBytes(tenant, this.clock.nowMs()));
    this.shown.add(tenant);
    return reports;
  }

  /** Drops expired leases from the books and the gauges; the pool's pins run out by themselves. */
  sweep(): void {
    const nowMs = this.clock.nowMs();
    const expired = new Map<string, number>();
    for (const lease of this.ledger.expire(nowMs)) expired.set(lease.tenant, (expired.get(lease.tenant) ?? 0) + 1);
    for (const [tenant, count] of expired) this.metrics.expired(tenant, count);
    for (const tenant of this.shown) {
      const bytes = this.ledger.heldBytes(tenant, nowMs);
      this.metrics.heldBytes(tenant, bytes);
      if (bytes === 0) this.shown.delete(tenant);
    }
  }

  private async takeOne(tenant: string, run: LeaseRun): Promise<LeaseReport> {
    const base = { tokens: run.endTokens, blocks: run.keys.length, sizeBytes: run.sizeBytes, ttlMs: run.ttlMs };
    const report = (outcome: LeaseOutcome, heldBlocks = 0, expiresAtMs?: number): LeaseReport => {
      this.metrics.leased(tenant, outcome);
      return { outcome, ...base, heldBlocks, ...(expiresAtMs === undefined ? {} : { expiresAtMs }) };
    };
    const decided = this.ledger.check(tenant, run.leaseId, run.sizeBytes, run.ttlMs, this.clock.nowMs());
    if (!decided.ok) return report('over-quota');
    const held = await this.pool.hold(run.keys, run.ttlMs);
    if (!held.ok) return report('pool-unavailable');
    if (held.value.heldBlocks === 0) return report('not-stored');
    const granted = this.ledger.grant(tenant, run.leaseId, run.sizeBytes, run.ttlMs, this.clock.nowMs());
    if (!granted.ok) return report('over-quota', held.value.heldBlocks);
    return report(granted.value.kind, held.value.heldBlocks, granted.value.lease.expiresAtMs);
  }

  private refuse(exceeded: QuotaExceeded): Result<void, QuotaExceeded> {
    this.metrics.refused(exceeded.tenant);
    return err(exceeded);
  }
}
