import type { LlamaContextSequence } from 'node-llama-cpp';
import { type SequenceSlot } from './llamacpp-sequence';
import { SlotPool } from './llamacpp-slot.pool';

/** Slots whose llama.cpp sequence only records that its history was cleared. */
function slots(count: number): { slots: SequenceSlot[]; cleared: number[] } {
  const cleared: number[] = [];
  const make = (index: number): SequenceSlot => ({
    index,
    llama: { clearHistory: async () => void cleared.push(index) } as unknown as LlamaContextSequence,
    statePath: `slot-${index}`,
    cleared: Promise.resolve(),
  });
  return { slots: Array.from({ length: count }, (_, i) => make(i)), cleared };
}

describe('SlotPool', () => {
  it('lends free slots at once, then makes callers wait and serves them first come, first served', async () => {
    const { slots: all, cleared } = slots(2);
    const pool = new SlotPool(all);
    const [a, b] = [await pool.acquire(), await pool.acquire()];
    expect(pool.freeCount).toBe(0);
    const order: string[] = [];
    const third = pool.acquire().then((slot) => (order.push('third'), slot));
    const fourth = pool.acquire().then((slot) => (order.push('fourth'), slot));
    await Promise.resolve();
    expect(order).toEqual([]);
    pool.release(b);
    expect((await third).index).toBe(b.index);
    pool.release(a);
    expect((await fourth).index).toBe(a.index);
    expect(order).toEqual(['third', 'fourth']);
    expect(cleared).toEqual([b.index, a.index]);
  });

  it('keeps a released slot free when nobody waits, and lends it only once its history is cleared', async () => {
    const { slots: all } = slots(1);
    const pool = new SlotPool(all);
    const slot = await pool.acquire();
    let clearing!: () => void;
    slot.llama.clearHistory = () => new Promise<void>((resolve) => (clearing = resolve));
    pool.release(slot);
    expect(pool.freeCount).toBe(1);
    let lent = false;
    const next = pool.acquire().then(() => (lent = true));
    await Promise.resolve();
    expect(lent).toBe(false);
    clearing();
    await next;
    expect(lent).toBe(true);
  });
});
