import { ManualClock } from '@tsukimi/telemetry';
import { runLeaseStoreContract } from './lease-store.contract';
import { MemoryLeaseStore } from './memory-lease.store';

runLeaseStoreContract('memory', async () => {
  const clock = new ManualClock();
  const store = new MemoryLeaseStore(clock);
  return { store, rival: store, elapse: async (ms) => clock.advanceMs(ms) };
});
