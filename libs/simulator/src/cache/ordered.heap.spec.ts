import { seededRandom } from '@tsukimi/kv-store';
import { type HeapSlot, OrderedHeap } from './ordered.heap';

interface Item {
  readonly name: number;
  rank: number;
}

const byRank = (a: Item, b: Item) => a.rank - b.rank || a.name - b.name;

describe('OrderedHeap', () => {
  it('hands items out in order after random adds, re-ranks and removals, as sorting would', () => {
    const random = seededRandom(11);
    const heap = new OrderedHeap<Item>(byRank);
    const live = new Map<number, HeapSlot<Item>>();
    const removed: Item[] = [];
    for (let step = 0; step < 5000; step++) {
      const roll = random.next();
      if (roll < 0.5 || live.size === 0) {
        const item = { name: step, rank: Math.floor(random.next() * 1000) };
        live.set(item.name, heap.add(item));
      } else if (roll < 0.8) {
        const slots = [...live.values()];
        const slot = slots[Math.floor(random.next() * slots.length)]!;
        slot.value.rank = Math.floor(random.next() * 1000);
        heap.update(slot);
      } else {
        const expected = [...live.values()].map((slot) => slot.value).sort(byRank)[0]!;
        const first = heap.removeFirst()!;
        expect(first).toBe(expected);
        live.delete(first.name);
        removed.push(first);
      }
      expect(heap.size).toBe(live.size);
    }
    expect(removed.length).toBeGreaterThan(500);
    const rest: Item[] = [];
    for (let item = heap.removeFirst(); item !== undefined; item = heap.removeFirst()) rest.push(item);
    expect(rest).toEqual([...live.values()].map((slot) => slot.value).sort(byRank));
  });
});
