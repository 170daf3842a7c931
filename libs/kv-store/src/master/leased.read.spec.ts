import { keyOf } from '../testing/block.fixture';
import { masterFixture } from '../testing/master.fixture';

async function withBlock(options = {}) {
  const fixture = masterFixture(options);
  await fixture.join({ a: { dram: 1000 } });
  await fixture.putComplete(keyOf(1), 100);
  return fixture;
}

describe('leased reads', () => {
  it('answers replicas and a lease of the default 10 s, and counts the access', async () => {
    const { master, clock, entry } = await withBlock();
    clock.advanceMs(500);
    const [hit] = await master.get([keyOf(1)]);
    expect(hit).toEqual({ ok: true, value: { key: keyOf(1), sizeBytes: 100, replicas: [{ nodeId: 'a', tier: 'dram' }], leaseExpiresAtMs: clock.nowMs() + 10_000 } });
    expect(await entry(keyOf(1))).toMatchObject({ lastAccessMs: clock.nowMs(), accessCount: 1, leaseExpiresAtMs: clock.nowMs() + 10_000 });
  });

  it.each([
    { leaseTtlMs: 2_000, readAgainAfterMs: 1_000, expiresAfterMs: 3_000 },
    { leaseTtlMs: 10_000, readAgainAfterMs: 9_000, expiresAfterMs: 19_000 },
  ])('extends a $leaseTtlMs ms lease when read again', async ({ leaseTtlMs, readAgainAfterMs, expiresAfterMs }) => {
    const { master, clock, entry } = await withBlock({ leaseTtlMs });
    const start = clock.nowMs();
    await master.get([keyOf(1)]);
    clock.advanceMs(readAgainAfterMs);
    await master.get([keyOf(1)]);
    expect((await entry(keyOf(1)))?.leaseExpiresAtMs).toBe(start + expiresAfterMs);
  });

  it('answers a batch per key, leasing only the blocks found, with one read of the entries and one batch write', async () => {
    const { master, store } = await withBlock();
    const calls: string[] = [];
    for (const method of ['getEntries', 'swapEntries', 'swapEntry'] as const) {
      const call = store[method].bind(store) as (...args: unknown[]) => Promise<never>;
      (store[method] as unknown) = (...args: unknown[]) => (calls.push(method), call(...args));
    }
    const answers = await master.get([keyOf(2), keyOf(1), keyOf(1)]);
    expect(answers.map((answer) => answer.ok)).toEqual([false, true, true]);
    // The second lease of the same block conflicts with the first and is written again on its own.
    expect(calls).toEqual(['getEntries', 'swapEntries', 'swapEntry']);
  });

  it('probes existence without leasing, refreshing recency or writing anything', async () => {
    const { master, clock, entry, events } = await withBlock();
    const before = await entry(keyOf(1));
    for (let i = 0; i < 5; i += 1) {
      clock.advanceMs(1_000);
      expect(await master.exists([keyOf(1), keyOf(2)])).toEqual([true, false]);
    }
    expect(await entry(keyOf(1))).toEqual(before);
    expect(before?.leaseExpiresAtMs).toBe(0);
    expect(events).toHaveLength(1);
  });

  it('lets a block that is only ever probed be evicted', async () => {
    const { master, clock, join } = masterFixture();
    await join({ a: { dram: 100 } });
    await master.putStart(keyOf(1), 95);
    await master.putEnd(keyOf(1));
    for (let i = 0; i < 3; i += 1) {
      clock.advanceMs(1_000);
      await join({ a: { dram: 100 } });
      await master.exists([keyOf(1)]);
    }
    expect((await master.tick()).commands).toEqual([{ kind: 'delete', nodeId: 'a', key: keyOf(1) }]);
    expect(await master.exists([keyOf(1)])).toEqual([false]);
  });
});
