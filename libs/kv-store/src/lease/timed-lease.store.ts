import { type Result } from '@tsukimi/result';
import { type Clock } from '@tsukimi/telemetry';
import { timed, type OperationTimer } from '../common/operation-timer.port';
import { type LeaseStore, type LeaseStoreUnavailable, type LeaseTenure } from './lease-store.port';

/** A lease store that times every call to the store it wraps and otherwise behaves exactly like it. */
export class TimedLeaseStore implements LeaseStore {
  constructor(
    private readonly inner: LeaseStore,
    private readonly timer: OperationTimer,
    private readonly clock: Clock,
  ) {}

  tryAcquire(owner: string, ttlMs: number): Promise<Result<LeaseTenure | undefined, LeaseStoreUnavailable>> {
    return timed(this.timer, this.clock, 'tryAcquire', () => this.inner.tryAcquire(owner, ttlMs));
  }

  renew(owner: string, ttlMs: number): Promise<Result<boolean, LeaseStoreUnavailable>> {
    return timed(this.timer, this.clock, 'renew', () => this.inner.renew(owner, ttlMs));
  }

  release(owner: string): Promise<Result<boolean, LeaseStoreUnavailable>> {
    return timed(this.timer, this.clock, 'release', () => this.inner.release(owner));
  }

  holder(): Promise<Result<string | undefined, LeaseStoreUnavailable>> {
    return timed(this.timer, this.clock, 'holder', () => this.inner.holder());
  }
}
