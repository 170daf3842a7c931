import { type Result } from '@tsukimi/result';
import { type LeaseRecord, type LeaseRecordError, type LeaseRecordStore, type StoredLeaseRecord } from './lease-record.port';
import { type LeaderLease } from './leader.port';

/**
 * How long one call to the lease's store may take: a renewal makes at most two in turn (a read, then
 * a create or replace), and the holder acts on a renewal for two thirds of the lease after it began,
 * so at a third each a renewal has ended, answered or not, before the holder stops acting on it.
 * A store that never answers then costs the holder its lease in time, never hangs the renewals.
 */
export function leaseCallTimeoutMs(leaseMs: number): number {
  return Math.floor(leaseMs / 3);
}

/**
 * Leader election over a lease record with optimistic concurrency, as client-go's leaderelection
 * does it on a Kubernetes Lease. Another candidate's lease counts as lapsed once this candidate has
 * seen the record unchanged for `leaseDurationSeconds` by its own clock (never by comparing the
 * holder's renewTime with this clock, so skewed clocks between nodes do not matter). Every write
 * names the resourceVersion it read: of two candidates taking a lapsed lease, one gets a conflict.
 * The holder counts itself leader until two thirds of the lease after its last successful renewal
 * began, which ends before any other candidate could have seen the record unchanged for the whole
 * lease; a conflict on its own renewal (someone else won) ends it at once.
 */
export class LeaseRecordLeader implements LeaderLease {
  private leaderUntilMs = 0;
  private observed: { readonly resourceVersion: string; readonly atMs: number } | undefined;
  private readonly leaseDurationSeconds: number;

  constructor(
    private readonly store: LeaseRecordStore,
    private readonly id: string,
    private readonly leaseMs: number,
    private readonly nowMs: () => number,
  ) {
    this.leaseDurationSeconds = Math.ceil(leaseMs / 1_000);
  }

  isLeader(): boolean {
    return this.nowMs() < this.leaderUntilMs;
  }

  async renew(): Promise<void> {
    const startMs = this.nowMs();
    const read = await this.store.read();
    if (!read.ok) return;
    const current = read.value;
    if (current === undefined) {
      this.settle(await this.store.create({ holderIdentity: this.id, leaseDurationSeconds: this.leaseDurationSeconds, acquireTimeMs: startMs, renewTimeMs: startMs, leaseTransitions: 0 }), startMs);
      return;
    }
    this.observe(current);
    if (current.holderIdentity === this.id) {
      this.settle(await this.store.replace({ ...current, leaseDurationSeconds: this.leaseDurationSeconds, renewTimeMs: startMs }, current.resourceVersion), startMs);
      return;
    }
    const lapsed = current.holderIdentity === '' || this.nowMs() >= this.observed!.atMs + current.leaseDurationSeconds * 1_000;
    if (!lapsed) {
      this.leaderUntilMs = 0;
      return;
    }
    const taken = { holderIdentity: this.id, leaseDurationSeconds: this.leaseDurationSeconds, acquireTimeMs: startMs, renewTimeMs: startMs, leaseTransitions: current.leaseTransitions + 1 };
    this.settle(await this.store.replace(taken, current.resourceVersion), startMs);
  }

  async release(): Promise<void> {
    this.leaderUntilMs = 0;
    const read = await this.store.read();
    if (!read.ok || read.value?.holderIdentity !== this.id) return;
    // As client-go releases: no holder, and a one-second duration for whoever still waits on the old one.
    const released: LeaseRecord = { ...read.value, holderIdentity: '', leaseDurationSeconds: 1, renewTimeMs: this.nowMs() };
    await this.store.replace(released, read.value.resourceVersion);
  }

  /** Notes when this candidate first saw the record at its present version. */
  private observe(record: StoredLeaseRecord): void {
    if (this.observed?.resourceVersion !== record.resourceVersion) this.observed = { resourceVersion: record.resourceVersion, atMs: this.nowMs() };
  }

  private settle(written: Result<StoredLeaseRecord, LeaseRecordError>, startMs: number): void {
    if (written.ok) {
      this.observe(written.value);
      this.leaderUntilMs = startMs + (this.leaseMs * 2) / 3;
    } else if (written.error.code === 'conflict') {
      this.leaderUntilMs = 0;
    }
    // unavailable: keep what the last renewal earned, which runs out before another could take over.
  }
}
