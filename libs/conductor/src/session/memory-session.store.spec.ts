import { instanceId } from '@tsukimi/scheduler';
import { MemorySessionStore } from './memory-session.store';
import { runSessionStoreContract } from './session-store.contract';

function manualClock() {
  let nowMs = 0;
  return { monotonicMs: () => nowMs, advance: (ms: number) => (nowMs += ms) };
}

runSessionStoreContract('memory', ({ ttlMs }) => {
  const clock = manualClock();
  const store = new MemorySessionStore(clock, { ttlMs });
  return Promise.resolve({
    store,
    rival: store,
    lapsed: () => {
      clock.advance(ttlMs);
      return Promise.resolve();
    },
  });
});

describe('MemorySessionStore', () => {
  it('counts the TTL from the last read, not the record', async () => {
    const clock = manualClock();
    const store = new MemorySessionStore(clock, { ttlMs: 1_000 });
    await store.record('s1', instanceId('prefill-0'));
    clock.advance(800);
    expect(await store.instanceFor('s1')).toEqual({ ok: true, value: instanceId('prefill-0') });
    clock.advance(800);
    expect(await store.instanceFor('s1')).toEqual({ ok: true, value: instanceId('prefill-0') });
    clock.advance(1_000);
    expect(await store.instanceFor('s1')).toEqual({ ok: true, value: undefined });
  });
});
