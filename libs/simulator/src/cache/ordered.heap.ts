/** An item of an {@link OrderedHeap}; `heapIndex` is the heap's bookkeeping, read by nobody else. */
export interface HeapSlot<T> {
  readonly value: T;
  heapIndex: number;
}

/**
 * A binary min-heap under a caller's total order that can re-place one item after its value
 * changed: first, add, remove-first and update are O(log n), so a cache of any capacity evicts in
 * the order of its policy without sorting every entry on every eviction.
 */
export class OrderedHeap<T> {
  private readonly slots: HeapSlot<T>[] = [];

  constructor(private readonly compare: (a: T, b: T) => number) {}

  get size(): number {
    return this.slots.length;
  }

  add(value: T): HeapSlot<T> {
    const slot: HeapSlot<T> = { value, heapIndex: this.slots.length };
    this.slots.push(slot);
    this.up(slot.heapIndex);
    return slot;
  }

  /** The least item under the order, left in the heap. */
  first(): T | undefined {
    return this.slots[0]?.value;
  }

  /** The least item under the order, taken out of the heap. */
  removeFirst(): T | undefined {
    const first = this.slots[0];
    if (first === undefined) return undefined;
    const last = this.slots.pop()!;
    if (last !== first) {
      this.place(last, 0);
      this.down(0);
    }
    return first.value;
  }

  /** Re-places a slot whose value changed in a way the order sees. */
  update(slot: HeapSlot<T>): void {
    this.down(this.up(slot.heapIndex));
  }

  private place(slot: HeapSlot<T>, index: number): void {
    this.slots[index] = slot;
    slot.heapIndex = index;
  }

  private up(start: number): number {
    const slot = this.slots[start]!;
    let index = start;
    while (index > 0) {
      const parentIndex = (index - 1) >> 1;
      const parent = this.slots[parentIndex]!;
      if (this.compare(slot.value, parent.value) >= 0) break;
      this.place(parent, index);
      index = parentIndex;
    }
    this.place(slot, index);
    return index;
  }

  private down(start: number): void {
    const slot = this.slots[start]!;
    const count = this.slots.length;
    let index = start;
    for (;;) {
      const left = 2 * index + 1;
      if (left >= count) break;
      const right = left + 1;
      const child = right < count && this.compare(this.slots[right]!.value, this.slots[left]!.value) < 0 ? right : left;
      if (this.compare(this.slots[child]!.value, slot.value) >= 0) break;
      this.place(this.slots[child]!, index);
      index = child;
    }
    this.place(slot, index);
  }
}
