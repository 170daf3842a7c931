import { encodedBlock, keyOf } from '../testing/block.fixture';
import { CountingMemory } from '../testing/counting.memory';
import { type BlockTier } from './block-tier.port';

/** What every BlockTier must show when a block is read with `get` or into lent memory with `read`; each adapter's spec runs it with its own factory. */
export function runBlockTierReadContract(name: string, openTier: (capacityBytes: number) => Promise<BlockTier>): void {
  describe(`${name} tier read contract`, () => {
    it('reads back the bytes it was given, by get and by read, and owes no memory once released', async () => {
      const tier = await openTier(10_000);
      const key = keyOf(1);
      await tier.put(key, encodedBlock(key));
      const memory = new CountingMemory();
      const lent = await tier.read(key, memory);
      expect(lent.ok && Buffer.from(lent.value.bytes).equals(encodedBlock(key))).toBe(true);
      if (lent.ok) lent.value.release();
      expect(memory.outstanding).toBe(0);
      const got = await tier.get(key);
      expect(got.ok && Buffer.from(got.value).equals(encodedBlock(key))).toBe(true);
    });

    it('answers a missing key as absent from read and get, lending nothing', async () => {
      const tier = await openTier(10_000);
      const memory = new CountingMemory();
      expect(await tier.read(keyOf(2), memory)).toEqual({ ok: false, error: { kind: 'absent' } });
      expect(await tier.get(keyOf(2))).toEqual({ ok: false, error: { kind: 'absent' } });
      expect(memory.outstanding).toBe(0);
    });

    it('keeps serving the right bytes after lent memory was released and reused', async () => {
      const tier = await openTier(10_000);
      const [a, b] = [keyOf(3), keyOf(4)];
      await tier.put(a, encodedBlock(a));
      await tier.put(b, encodedBlock(b));
      const memory = new CountingMemory();
      for (const key of [a, b, a, b]) {
        const lent = await tier.read(key, memory);
        expect(lent.ok && Buffer.from(lent.value.bytes).equals(encodedBlock(key))).toBe(true);
        if (lent.ok) lent.value.release();
      }
      expect(memory.outstanding).toBe(0);
      expect(tier.list()).toEqual([a, b]);
    });
  });
}
