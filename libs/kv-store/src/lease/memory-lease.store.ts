import { ok, type Result } from '@tsukimi/result';
import { type Clock } from '@tsukimi/telemetry';
import { nextLeaseEpoch } from './lease-epoch.rule';
import { type LeaseStore, type LeaseStoreUnavailable, type LeaseTenure } from './lease-store.port';

/**
 * A lease in process memory, timed by the clock's monotonic reading: for a master with the
 * memory backend (it is alone, so it always wins) and for tests of the election.
 */
export class MemoryLeaseStore implements LeaseStore {
  private owner: string | undefined;
  private expiresAtMs = 0;
  private epoch = 0;

  constructor(private readonly clock: Clock) {}

  async tryAcquire(owner: string, ttlMs: number): Promise<Result<LeaseTenure | undefined, LeaseStoreUnavailable>> {
    const current = this.current();
    if (current !== undefined && current !== owner) return ok(undefined);
    if (current === undefined) this.epoch = nextLeaseEpoch(this.epoch, this.clock.nowMs());
    this.take(owner, ttlMs);
    return ok({ epoch: this.epoch });
  }

  async renew(owner: string, ttlMs: number): Promise<Result<boolean, LeaseStoreUnavailable>> {
    if (this.current() !== owner) return ok(false);
    this.take(owner, ttlMs);
    return ok(true);
  }

  async release(owner: string): Promise<Result<boolean, LeaseStoreUnavailable>> {
    if (this.current() !== owner) return ok(false);
    this.owner = undefined;
    return ok(true);
  }

  async holder(): Promise<Result<string | undefined, LeaseStoreUnavailable>> {
    return ok(this.current());
  }

  private current(): string | undefined {
    return this.clock.monotonicMs() < this.expiresAtMs ? this.owner : undefined;
  }

  private take(owner: string, ttlMs: number): void {
    this.owner = owner;
    this.expiresAtMs = this.clock.monotonicMs() + ttlMs;
  }
}
