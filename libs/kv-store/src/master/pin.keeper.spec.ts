import { keyOf } from '../testing/block.fixture';
import { masterFixture } from '../testing/master.fixture';

/** One node of 100 bytes, full with one 95-byte block, so every tick wants to evict it. */
async function fullNode() {
  const fixture = masterFixture({ nodeTimeoutMs: 3_600_000 });
  await fixture.join({ a: { dram: 100 } });
  await fixture.putComplete(keyOf(1), 95);
  return fixture;
}

describe('pins', () => {
  it.each([
    { ttlMs: 5_000, protectedAtMs: 4_999, evictedAtMs: 5_000 },
    { ttlMs: 60_000, protectedAtMs: 59_999, evictedAtMs: 60_000 },
  ])('protects a block soft-pinned for $ttlMs ms from eviction until the pin expires', async ({ ttlMs, protectedAtMs, evictedAtMs }) => {
    const { master, clock } = await fullNode();
    const start = clock.nowMs();
    expect(await master.softPin(keyOf(1), ttlMs)).toEqual({ ok: true, value: undefined });
    clock.advanceMs(protectedAtMs);
    expect((await master.tick()).commands).toEqual([]);
    clock.advanceMs(evictedAtMs - protectedAtMs);
    expect(clock.nowMs() - start).toBe(evictedAtMs);
    expect((await master.tick()).commands).toEqual([{ kind: 'delete', nodeId: 'a', key: keyOf(1) }]);
  });

  it('never shortens a soft pin', async () => {
    const { master, entry, clock } = await fullNode();
    await master.softPin(keyOf(1), 60_000);
    await master.softPin(keyOf(1), 1_000);
    expect((await entry(keyOf(1)))?.softPinExpiresAtMs).toBe(clock.nowMs() + 60_000);
  });

  it('protects a hard-pinned block from eviction indefinitely, until unpinned', async () => {
    const { master, clock, join } = await fullNode();
    await master.hardPin(keyOf(1));
    clock.advanceMs(86_400_000);
    await join({ a: { dram: 100 } });
    expect(await master.tick()).toEqual({ departedNodes: [], revokedPuts: [], commands: [], evicted: {} });
    await master.unpin(keyOf(1), 'hard');
    expect((await master.tick()).commands).toHaveLength(1);
  });

  it('drops a soft pin on unpin', async () => {
    const { master } = await fullNode();
    await master.softPin(keyOf(1), 60_000);
    await master.unpin(keyOf(1), 'soft');
    expect((await master.tick()).commands).toHaveLength(1);
  });

  it.each([
    { name: 'an unknown key', pin: (m: ReturnType<typeof masterFixture>['master']) => m.hardPin(keyOf(9)), kind: 'not-found' },
    { name: 'a zero ttl', pin: (m: ReturnType<typeof masterFixture>['master']) => m.softPin(keyOf(1), 0), kind: 'invalid-request' },
  ])('refuses a pin of $name', async ({ pin, kind }) => {
    const { master } = await fullNode();
    expect(await pin(master)).toMatchObject({ ok: false, error: { kind } });
  });
});
