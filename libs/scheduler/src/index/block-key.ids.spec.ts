import { blockKeyFromU64, type BlockKey } from '@tsukimi/kv-block';
import { BlockKeyIds } from './block-key.ids';

/** Mulberry32, so the sequence of operations is the same every run. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('BlockKeyIds', () => {
  it('gives each key one id, reuses freed ids, and tells keys that differ only in one half apart', () => {
    const ids = new BlockKeyIds();
    const a = blockKeyFromU64(0x0000000100000002n);
    const b = blockKeyFromU64(0x0000000200000002n);
    const c = blockKeyFromU64(0x0000000100000003n);
    expect([ids.add(a), ids.add(b), ids.add(c), ids.add(a)]).toEqual([0, 1, 2, 0]);
    expect(ids.delete(b)).toBe(1);
    expect(ids.delete(b)).toBe(-1);
    expect([ids.idOf(a), ids.idOf(b), ids.idOf(c)]).toEqual([0, -1, 2]);
    expect(ids.add(blockKeyFromU64(99n))).toBe(1);
    expect(ids.size).toBe(3);
    expect(ids.idLimit).toBe(3);
  });

  it('agrees with a Map through growth and many deletions, with sequential and random keys', () => {
    const random = seeded(7);
    const ids = new BlockKeyIds();
    const reference = new Map<BlockKey, number>();
    const universe = [
      ...Array.from({ length: 3000 }, (_, i) => blockKeyFromU64(BigInt(i))),
      ...Array.from({ length: 3000 }, () => blockKeyFromU64((BigInt(Math.floor(random() * 2 ** 32)) << 32n) | BigInt(Math.floor(random() * 2 ** 32)))),
    ];
    const mismatches: string[] = [];
    for (let step = 0; step < 40_000; step++) {
      const key = universe[Math.floor(random() * universe.length)]!;
      if (random() < 0.6) {
        const id = ids.add(key);
        if (reference.has(key) && id !== reference.get(key)) mismatches.push(`step ${step}: add ${key} gave ${id}, had ${reference.get(key)}`);
        reference.set(key, id);
      } else {
        const id = ids.delete(key);
        if (id !== (reference.get(key) ?? -1)) mismatches.push(`step ${step}: delete ${key} gave ${id}, had ${reference.get(key)}`);
        reference.delete(key);
      }
    }
    for (const key of universe) if (ids.idOf(key) !== (reference.get(key) ?? -1)) mismatches.push(`finally ${key}`);
    const [hi, lo] = [(key: BlockKey) => Number(BigInt(`0x${key}`) >> 32n), (key: BlockKey) => Number(BigInt(`0x${key}`) & 0xffffffffn)];
    for (const key of universe) {
      const id = reference.get(key) ?? -1;
      // The right guess, a wrong one, and none: always the same answer as a probe.
      for (const previous of [id - 1, id, -2]) if (ids.idOfWordsAfter(previous, hi(key), lo(key)) !== id) mismatches.push(`after ${previous}: ${key}`);
    }
    expect(mismatches).toEqual([]);
    expect(ids.size).toBe(reference.size);
    expect(new Set(reference.values()).size).toBe(reference.size);
  });
});
