import { ManualClock } from '@tsukimi/telemetry';
import { runLeaseStoreContract } from './lease-store.contract';
import { MemoryLeaseStore } from './memory-lease.store';
import { TimedLeaseStore } from './timed-lease.store';

runLeaseStoreContract('timed memory', async () => {
  const clock = new ManualClock();
  const inner = new MemoryLeaseStore(clock);
  return { store: new TimedLeaseStore(inner, () => undefined, clock), rival: inner, elapse: async (ms) => clock.advanceMs(ms) };
});

describe('TimedLeaseStore', () => {
  it('tells the timer every operation by name', async () => {
    const clock = new ManualClock({ nowMs: 0 });
    const timings: string[] = [];
    const store = new TimedLeaseStore(new MemoryLeaseStore(clock), (operation) => timings.push(operation), clock);
    expect(await store.tryAcquire('a', 1_000)).toEqual({ ok: true, value: { epoch: 1 } });
    expect(await store.renew('a', 1_000)).toEqual({ ok: true, value: true });
    expect(await store.holder()).toEqual({ ok: true, value: 'a' });
    expect(await store.release('a')).toEqual({ ok: true, value: true });
    expect(timings).toEqual(['tryAcquire', 'renew', 'holder', 'release']);
  });
});
