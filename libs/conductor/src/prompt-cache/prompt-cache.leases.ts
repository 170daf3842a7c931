import { err, ok, type Result } from '@tsukimi/result';
import { type Clock } from '@tsukimi/telemetry';
import { type ChargedLease, type LeaseBook } from './lease-book.port';
import { type QuotaExceeded, type QuotaOf } from './lease.ledger';
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

/** A request's leases, charged to its tenant at admission: taken once its blocks are stored, or released. */
export interface LeaseReservation {
  readonly tenant: string;
  readonly runs: readonly LeaseRun[];
  /** One per run; undefined when the lease book could not be asked (then no lease is taken). */
  readonly charged: readonly ChargedLease[] | undefined;
  /** Set once taken or released, so that the other is a no-op. */
  settled: boolean;
}

/**
 * Prompt-cache leases: a request's marked prefix kept in the pool for its TTL, held by the pool
 * master (a soft pin on every block) so that it outlives the instance that computed it, and
 * counted against the tenant's quota in the lease book (shared by every conductor with Redis).
 * A request's leases are charged before any work (`admit`), so two requests admitted together
 * cannot both spend the same quota; `take` pins the blocks once they are stored and gives back the
 * charge of a lease whose blocks the pool does not hold, and `release` gives back all of it for a
 * request that was not served.
 */
export class PromptCacheLeases {
  /** Tenants whose held-bytes gauge was set, so that it goes back to 0 when their leases expire. */
  private readonly shown = new Set<string>();

  constructor(
    private readonly book: LeaseBook,
    private readonly quotaOf: QuotaOf,
    private readonly pool: PromptCachePool,
    private readonly metrics: PromptCacheMetrics,
    private readonly clock: Pick<Clock, 'nowMs'>,
  ) {}

  /** Charges every run to the tenant's quota, renewals costing only what they add; refused when they do not fit. */
  async admit(tenant: string, runs: readonly LeaseRun[]): Promise<Result<LeaseReservation, QuotaExceeded>> {
    if (runs.length === 0) return ok({ tenant, runs, charged: [], settled: false });
    const charged = await this.book.charge(tenant, runs, this.quotaOf(tenant), this.clock.nowMs());
    if (charged.ok) {
      this.metrics.expired(tenant, charged.value.expired);
      return ok({ tenant, runs, charged: charged.value.leases, settled: false });
    }
    if (charged.error.kind === 'unavailable') return ok({ tenant, runs, charged: undefined, settled: false });
    this.metrics.refused(tenant);
    return err(charged.error);
  }

  /** Protects each run's blocks in the pool; what happened to each lease. */
  async take(reservation: LeaseReservation): Promise<LeaseReport[]> {
    if (reservation.settled) return [];
    reservation.settled = true;
    const { tenant, runs, charged } = reservation;
    const reports: LeaseReport[] = [];
    const unheld: ChargedLease[] = [];
    for (const [i, run] of runs.entries()) reports.push(await this.takeOne(tenant, run, charged?.[i], unheld));
    if (unheld.length > 0) await this.book.release(tenant, unheld, this.clock.nowMs());
    await this.show(tenant);
    return reports;
  }

  /** Gives back the charge of a request whose leases will not be taken. */
  async release(reservation: LeaseReservation): Promise<void> {
    if (reservation.settled) return;
    reservation.settled = true;
    if (reservation.charged && reservation.charged.length > 0) await this.book.release(reservation.tenant, reservation.charged, this.clock.nowMs());
  }

  /** Drops expired leases from the books and the gauges; the pool's pins run out by themselves. */
  async sweep(): Promise<void> {
    for (const tenant of [...this.shown]) await this.show(tenant);
  }

  private async show(tenant: string): Promise<void> {
    const held = await this.book.held(tenant, this.clock.nowMs());
    if (!held.ok) return;
    this.metrics.expired(tenant, held.value.expired);
    this.metrics.heldBytes(tenant, held.value.heldBytes);
    if (held.value.heldBytes === 0) this.shown.delete(tenant);
    else this.shown.add(tenant);
  }

  private async takeOne(tenant: string, run: LeaseRun, charged: ChargedLease | undefined, unheld: ChargedLease[]): Promise<LeaseReport> {
    const base = { tokens: run.endTokens, blocks: run.keys.length, sizeBytes: run.sizeBytes, ttlMs: run.ttlMs };
    const report = (outcome: LeaseOutcome, heldBlocks = 0, expiresAtMs?: number): LeaseReport => {
      this.metrics.leased(tenant, outcome);
      return { outcome, ...base, heldBlocks, ...(expiresAtMs === undefined ? {} : { expiresAtMs }) };
    };
    if (!charged) return report('ledger-unavailable');
    const held = await this.pool.hold(run.keys, run.ttlMs);
    if (!held.ok || held.value.heldBlocks === 0) unheld.push(charged);
    if (!held.ok) return report('pool-unavailable');
    if (held.value.heldBlocks === 0) return report('not-stored');
    return report(charged.kind, held.value.heldBlocks, charged.expiresAtMs);
  }
}
