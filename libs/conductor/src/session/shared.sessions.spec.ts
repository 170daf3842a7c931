import { err, ok } from '@tsukimi/result';
import { instanceId, SessionAffinity } from '@tsukimi/scheduler';
import { MemorySessionStore } from './memory-session.store';
import { SharedSessions } from './shared.sessions';
import { type SessionStore } from './session.store.port';

const clock = { monotonicMs: () => 0 };
const P0 = instanceId('prefill-0');
const P1 = instanceId('prefill-1');
const options = { capacity: 10, ttlMs: 60_000, ttftToleranceRatio: 0.2, ttftToleranceMs: 50 };

/** A store whose every call counts, and fails while `down`. */
class CountingStore implements SessionStore {
  down = false;
  writes = 0;
  private readonly inner = new MemorySessionStore(clock, { ttlMs: 60_000 });

  instanceFor(sessionId: string) {
    return this.down ? Promise.resolve(err({ kind: 'unavailable' as const, message: 'gone' })) : this.inner.instanceFor(sessionId);
  }

  record(sessionId: string, instance: ReturnType<typeof instanceId>) {
    if (this.down) return Promise.resolve(err({ kind: 'unavailable' as const, message: 'gone' }));
    this.writes++;
    return this.inner.record(sessionId, instance);
  }
}

describe('SharedSessions', () => {
  it('puts in one conductor\'s map the instance another conductor recorded', async () => {
    const store = new CountingStore();
    const [mine, theirs] = [new SessionAffinity(clock, options), new SessionAffinity(clock, options)];
    await new SharedSessions(store, theirs).remember('s1', P1, undefined);
    expect(await new SharedSessions(store, mine).recall('s1')).toBe(P1);
    expect(mine.instanceFor('s1')).toBe(P1);
  });

  it.each([
    ['the turn stayed where the store said', P0, 0],
    ['the turn moved', P1, 1],
  ])('writes back only when it changed: %s', async (_, routedTo, writes) => {
    const store = new CountingStore();
    await store.record('s1', P0);
    store.writes = 0;
    const sessions = new SharedSessions(store, new SessionAffinity(clock, options));
    const recalled = await sessions.recall('s1');
    await sessions.remember('s1', routedTo, recalled);
    expect(store.writes).toBe(writes);
    expect(await store.instanceFor('s1')).toEqual(ok(routedTo));
  });

  it('keeps its own map while the store is unreachable, and says so once each way', async () => {
    const store = new CountingStore();
    const map = new SessionAffinity(clock, options);
    const changes: boolean[] = [];
    const sessions = new SharedSessions(store, map, (reachable) => changes.push(reachable));
    map.record('s1', P0);
    store.down = true;
    expect(await sessions.recall('s1')).toBeUndefined();
    await sessions.remember('s1', P0, undefined);
    expect(map.instanceFor('s1')).toBe(P0);
    store.down = false;
    await sessions.recall('s1');
    expect(changes).toEqual([false, true]);
  });
});
