import { encodedBlock, encodedSize, keyOf } from '../testing/block.fixture';
import { runBlockTierReadContract } from './block-tier.contract';
import { DramTier } from './dram.tier';

const size = encodedSize();

runBlockTierReadContract('DramTier', async (capacityBytes) => new DramTier({ capacityBytes }));

describe('DramTier', () => {
  it.each([
    { name: 'fits', capacity: size * 2, puts: 1, outcome: { ok: true, value: 'stored' } },
    { name: 'fills exactly', capacity: size * 2, puts: 2, outcome: { ok: true, value: 'stored' } },
    { name: 'over budget', capacity: size * 2, puts: 3, outcome: { ok: false, error: { kind: 'no-space', neededBytes: size, freeBytes: 0 } } },
    { name: 'larger than the tier', capacity: size - 1, puts: 1, outcome: { ok: false, error: { kind: 'too-large', sizeBytes: size, capacityBytes: size - 1 } } },
  ])('answers the last of $puts puts when it $name', async ({ capacity, puts, outcome }) => {
    const tier = new DramTier({ capacityBytes: capacity });
    let last: unknown;
    for (let i = 0; i < puts; i += 1) last = await tier.put(keyOf(i), encodedBlock(keyOf(i)));
    expect(last).toEqual(outcome);
  });

  it('answers exists for a key it holds and keeps the usage unchanged', async () => {
    const tier = new DramTier({ capacityBytes: 1000 });
    await tier.put(keyOf(1), encodedBlock(keyOf(1)));
    expect(await tier.put(keyOf(1), encodedBlock(keyOf(1)))).toEqual({ ok: true, value: 'exists' });
    expect(tier.usage()).toEqual({ usedBytes: size, capacityBytes: 1000, blocks: 1 });
  });

  it('lists least recently used first, a hit moving a key to the end', async () => {
    const tier = new DramTier({ capacityBytes: 1000 });
    for (const n of [1, 2, 3]) await tier.put(keyOf(n), encodedBlock(keyOf(n)));
    await tier.get(keyOf(1));
    expect(tier.list()).toEqual([keyOf(2), keyOf(3), keyOf(1)]);
  });

  it('frees the bytes of a deleted block and misses it afterwards', async () => {
    const tier = new DramTier({ capacityBytes: 1000 });
    await tier.put(keyOf(1), encodedBlock(keyOf(1)));
    expect(await tier.delete(keyOf(1))).toBe(true);
    expect(await tier.delete(keyOf(1))).toBe(false);
    expect(await tier.get(keyOf(1))).toEqual({ ok: false, error: { kind: 'absent' } });
    expect(tier.usage().usedBytes).toBe(0);
  });
});

describe('DramTier slots', () => {
  it('keeps a deleted block lent to a reader until it is handed back, then gives its slot to the next block', async () => {
    const tier = new DramTier({ capacityBytes: size * 4, arenaBytes: size * 4 });
    const [a, b, c] = [keyOf(1), keyOf(2), keyOf(3)];
    await tier.put(a, encodedBlock(a));
    const lent = await tier.read(a);
    expect(lent.ok).toBe(true);
    if (!lent.ok) return;
    await tier.delete(a);
    await tier.put(b, encodedBlock(b));
    expect(Buffer.from(lent.value.bytes).equals(encodedBlock(a))).toBe(true);
    lent.value.release();
    lent.value.release();
    await tier.put(c, encodedBlock(c));
    expect(lent.value.bytes).toEqual(encodedBlock(c));
    const got = await tier.get(b);
    expect(got.ok && Buffer.from(got.value).equals(encodedBlock(b))).toBe(true);
  });

  it('answers get with a copy the caller may keep after the block is gone', async () => {
    const tier = new DramTier({ capacityBytes: size * 2, arenaBytes: size * 4 });
    const [a, b] = [keyOf(1), keyOf(2)];
    await tier.put(a, encodedBlock(a));
    const got = await tier.get(a);
    await tier.delete(a);
    await tier.put(b, encodedBlock(b));
    expect(got.ok && Buffer.from(got.value).equals(encodedBlock(a))).toBe(true);
  });
});
