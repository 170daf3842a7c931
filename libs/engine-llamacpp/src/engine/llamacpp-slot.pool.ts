import { type SequenceSlot } from './llamacpp-sequence';

/**
 * The llama.cpp sequences of one context, lent to one engine sequence at a time. When every one
 * is lent, callers wait, first come first served, for one to be given back: a request beyond the
 * context's sequences queues on the instance instead of failing.
 */
export class SlotPool {
  private readonly free: SequenceSlot[];
  private readonly waiting: ((slot: SequenceSlot) => void)[] = [];

  constructor(slots: readonly SequenceSlot[]) {
    this.free = [...slots];
  }

  /** Slots free now. */
  get freeCount(): number {
    return this.free.length;
  }

  /** A slot cleared of its last user's history. */
  async acquire(): Promise<SequenceSlot> {
    const slot = this.free.shift() ?? (await new Promise<SequenceSlot>((resolve) => this.waiting.push(resolve)));
    await slot.cleared;
    return slot;
  }

  /** Clears the slot's history and lends it to the longest waiter, or keeps it free. */
  release(slot: SequenceSlot): void {
    const cleared = slot.llama.clearHistory();
    // Awaited by the slot's next user, which sees any failure; handled here so an unused slot's failure is not unhandled.
    cleared.catch(() => undefined);
    slot.cleared = cleared;
    const waiter = this.waiting.shift();
    if (waiter) waiter(slot);
    else this.free.push(slot);
  }
}
