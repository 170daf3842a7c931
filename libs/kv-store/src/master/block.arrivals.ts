import { type BlockKey } from '@tsukimi/kv-block';
import { type Timers } from '../lease/timers.port';
import { type IndexListener } from './index.feed';

/** What the waiter needs of the master: its live index events and its completeness check. */
export interface ArrivalSource {
  subscribe(listener: IndexListener): () => void;
  exists(keys: readonly BlockKey[]): Promise<boolean[]>;
}

/**
 * Waits, bounded, for a block to become complete, so that a reader expecting a block still being
 * written (a decode instance loading a prompt its prefill is storing) is told when it lands instead
 * of asking again and again. One index listener serves every waiter.
 */
export class BlockArrivals {
  private readonly waiters = new Map<BlockKey, Set<() => void>>();
  private unsubscribe: (() => void) | undefined;

  constructor(
    private readonly source: ArrivalSource,
    private readonly timers: Timers,
  ) {}

  /** Waiters now pending. */
  get pending(): number {
    let n = 0;
    for (const set of this.waiters.values()) n += set.size;
    return n;
  }

  /** Resolves true once `key` is complete (at once if it is), false if `timeoutMs` passes first. */
  async waitFor(key: BlockKey, timeoutMs: number): Promise<boolean> {
    let settle: (arrived: boolean) => void = () => undefined;
    const arrived = new Promise<boolean>((resolve) => (settle = resolve));
    // Listen before looking, so a block completed between the look and the wait is not missed.
    const onArrival = () => settle(true);
    this.add(key, onArrival);
    const cancel = this.timers.schedule(timeoutMs, () => settle(false));
    try {
      const [complete] = await this.source.exists([key]);
      if (complete === true) settle(true);
      return await arrived;
    } finally {
      cancel();
      this.remove(key, onArrival);
    }
  }

  private add(key: BlockKey, waiter: () => void): void {
    const set = this.waiters.get(key) ?? new Set();
    set.add(waiter);
    this.waiters.set(key, set);
    this.unsubscribe ??= this.source.subscribe((event) => {
      if (event.kind !== 'stored') return;
      for (const wake of this.waiters.get(event.key) ?? []) wake();
    });
  }

  private remove(key: BlockKey, waiter: () => void): void {
    const set = this.waiters.get(key);
    set?.delete(waiter);
    if (set?.size === 0) this.waiters.delete(key);
    if (this.waiters.size === 0) {
      this.unsubscribe?.();
      this.unsubscribe = undefined;
    }
  }
}
