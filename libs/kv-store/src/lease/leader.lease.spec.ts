import { err, type Result } from '@tsukimi/result';
import { ManualClock } from '@tsukimi/telemetry';
import { LeaderLease, type DemotionReason } from './leader.lease';
import { compileLeaderLeaseOptions, LeaderLeaseOptionsError, type LeaderLeaseOptions } from './leader-lease.options';
import { type LeaseStore, type LeaseStoreUnavailable } from './lease-store.port';
import { ManualTimers } from './manual.timers';
import { MemoryLeaseStore } from './memory-lease.store';

const options = { ttlMs: 900, renewIntervalMs: 300, retryIntervalMs: 300, driftMarginMs: 45 };

/** A lease store whose connection the test can cut, or whose answers it can hold back. */
class ControlledLeaseStore implements LeaseStore {
  reachable = true;
  private held: (() => void)[] = [];
  holdAnswers = false;

  constructor(private readonly inner: LeaseStore) {}

  tryAcquire(owner: string, ttlMs: number) {
    return this.ask(() => this.inner.tryAcquire(owner, ttlMs));
  }
  renew(owner: string, ttlMs: number) {
    return this.ask(() => this.inner.renew(owner, ttlMs));
  }
  release(owner: string) {
    return this.ask(() => this.inner.release(owner));
  }
  holder() {
    return this.ask(() => this.inner.holder());
  }

  /** Lets the held-back answers through. */
  answer(): void {
    const held = this.held;
    this.held = [];
    held.forEach((go) => go());
  }

  private async ask<T>(call: () => Promise<Result<T, LeaseStoreUnavailable>>): Promise<Result<T, LeaseStoreUnavailable>> {
    if (!this.reachable) return err({ kind: 'unavailable', reason: 'connection closed' });
    if (this.holdAnswers) {
      const answer = await call();
      await new Promise<void>((resolve) => this.held.push(resolve));
      return answer;
    }
    return call();
  }
}

function cluster() {
  // The wall clock starts at 0: the first epoch is 1, later ones the wall clock's ms (nextLeaseEpoch).
  const clock = new ManualClock({ nowMs: 0 });
  const timers = new ManualTimers(clock);
  const shared = new MemoryLeaseStore(clock);
  const log: string[] = [];
  const candidate = (owner: string) => {
    const store = new ControlledLeaseStore(shared);
    const lease = new LeaderLease({
      store,
      owner,
      clock,
      timers,
      options,
      onElected: (epoch: number) => log.push(`${clock.monotonicMs()} ${owner} elected ${epoch}`),
      onDemoted: (reason: DemotionReason) => log.push(`${clock.monotonicMs()} ${owner} demoted ${reason}`),
    });
    return { store, lease };
  };
  return { clock, timers, shared, log, candidate };
}

describe('LeaderLease', () => {
  it('elects a lone candidate at once and keeps it leader by renewing', async () => {
    const { timers, log, candidate } = cluster();
    const a = candidate('a');
    a.lease.start();
    await timers.advanceMs(0);
    expect(a.lease.isLeader()).toBe(true);
    await timers.advanceMs(options.ttlMs * 10);
    expect(a.lease.isLeader()).toBe(true);
    expect(log).toEqual(['0 a elected 1']);
  });

  it('keeps a standby waiting, and hands over within one retry interval when the leader stops', async () => {
    const { timers, shared, log, candidate } = cluster();
    const [a, b] = [candidate('a'), candidate('b')];
    a.lease.start();
    await timers.advanceMs(0);
    b.lease.start();
    await timers.advanceMs(options.ttlMs * 3);
    expect([a.lease.isLeader(), b.lease.isLeader()]).toEqual([true, false]);
    await a.lease.stop();
    expect(await shared.holder()).toEqual({ ok: true, value: undefined });
    await timers.advanceMs(options.retryIntervalMs);
    expect([a.lease.state, b.lease.isLeader()]).toEqual(['stopped', true]);
    expect(log).toEqual(['0 a elected 1', '2700 a demoted stopped', '3000 b elected 3000']);
    // b tried at 0, 300, ..., 2700 and found a holding the lease each time.
    expect([a.lease.refusedAcquisitions, b.lease.refusedAcquisitions]).toEqual([0, 10]);
  });

  it('demotes a leader cut off from the store before the store can hand the lease to the standby', async () => {
    const { timers, log, candidate } = cluster();
    const [a, b] = [candidate('a'), candidate('b')];
    a.lease.start();
    await timers.advanceMs(0);
    b.lease.start();
    await timers.advanceMs(options.renewIntervalMs * 2);
    a.store.reachable = false;
    await timers.advanceMs(options.ttlMs * 2);
    expect([a.lease.isLeader(), b.lease.isLeader()]).toEqual([false, true]);
    // a last renewed at 600, so its deadline is 600 + ttl - margin; the store frees the lease at 600 + ttl.
    expect(log).toEqual(['0 a elected 1', '1455 a demoted expired', '1500 b elected 1500']);
    // b was refused at 0, 300 and 600 while a renewed, and at 900 and 1200 after a was cut off: within one lease period of it.
    expect(b.lease.refusedAcquisitions).toBe(5);
  });

  it('demotes a leader at once when its renewal finds the lease taken', async () => {
    const { timers, shared, log, candidate } = cluster();
    const a = candidate('a');
    a.lease.start();
    await timers.advanceMs(0);
    await shared.release('a');
    await shared.tryAcquire('intruder', options.ttlMs);
    await timers.advanceMs(options.renewIntervalMs);
    expect(a.lease.isLeader()).toBe(false);
    expect(log).toEqual(['0 a elected 1', '300 a demoted lost']);
  });

  it('does not trust a renewal answered after its deadline', async () => {
    const { timers, log, candidate } = cluster();
    const a = candidate('a');
    a.lease.start();
    await timers.advanceMs(0);
    a.store.holdAnswers = true;
    // The renewal sent at 300 would hold until 300 + ttl - margin; answer it only after that.
    await timers.advanceMs(options.ttlMs * 2);
    expect(a.lease.isLeader()).toBe(false);
    a.store.answer();
    await timers.advanceMs(0);
    expect(a.lease.isLeader()).toBe(false);
    expect(log).toEqual(['0 a elected 1', '855 a demoted expired']);
  });

  it('campaigns again after a demotion and leaves no timers behind once stopped', async () => {
    const { timers, log, candidate } = cluster();
    const a = candidate('a');
    a.lease.start();
    await timers.advanceMs(0);
    a.store.reachable = false;
    await timers.advanceMs(options.ttlMs);
    a.store.reachable = true;
    await timers.advanceMs(options.retryIntervalMs);
    expect(a.lease.isLeader()).toBe(true);
    await a.lease.stop();
    expect(timers.pending).toBe(0);
    expect(log).toEqual(['0 a elected 1', '855 a demoted expired', '1200 a elected 1200', '1200 a demoted stopped']);
  });
});

describe('LeaderLease epochs', () => {
  it('leads in a higher epoch after each handover, keeps its epoch while it renews, and has none while it follows', async () => {
    const { timers, candidate } = cluster();
    const [a, b] = [candidate('a'), candidate('b')];
    a.lease.start();
    await timers.advanceMs(0);
    b.lease.start();
    const first = a.lease.epoch();
    await timers.advanceMs(options.ttlMs * 3);
    expect([a.lease.epoch(), b.lease.epoch()]).toEqual([first, undefined]);
    a.store.reachable = false;
    await timers.advanceMs(options.ttlMs * 2);
    const second = b.lease.epoch();
    expect(a.lease.epoch()).toBeUndefined();
    expect(second).toBeGreaterThan(first!);
    a.store.reachable = true;
    await b.lease.stop();
    await timers.advanceMs(options.retryIntervalMs);
    expect(a.lease.epoch()).toBeGreaterThan(second!);
  });

  it('has no epoch once its deadline passed, though no demotion ran yet', async () => {
    const { clock, timers, candidate } = cluster();
    const a = candidate('a');
    a.lease.start();
    await timers.advanceMs(0);
    expect(a.lease.epoch()).toBe(1);
    // The clock jumps past the deadline without the timers firing: a process paused, then resumed.
    clock.advanceMs(options.ttlMs);
    expect(a.lease.epoch()).toBeUndefined();
  });
});

describe('compileLeaderLeaseOptions', () => {
  it('derives intervals and margin from the TTL', () => {
    expect(compileLeaderLeaseOptions({ ttlMs: 3000 })).toEqual({ ttlMs: 3000, renewIntervalMs: 1000, retryIntervalMs: 1000, driftMarginMs: 150 });
  });

  it.each<[LeaderLeaseOptions, keyof LeaderLeaseOptions]>([
    [{ ttlMs: 0 }, 'ttlMs'],
    [{ ttlMs: 1.5 }, 'ttlMs'],
    [{ retryIntervalMs: -1 }, 'retryIntervalMs'],
    [{ driftMarginMs: -1 }, 'driftMarginMs'],
    [{ ttlMs: 1000, renewIntervalMs: 950 }, 'renewIntervalMs'],
  ])('refuses %j, naming %s', (bad, key) => {
    expect(() => compileLeaderLeaseOptions(bad)).toThrow(expect.objectContaining({ name: 'LeaderLeaseOptionsError', key }));
    expect(() => compileLeaderLeaseOptions(bad)).toThrow(LeaderLeaseOptionsError);
  });
});
