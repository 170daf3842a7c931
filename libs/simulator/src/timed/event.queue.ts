import { OrderedHeap } from '../cache/ordered.heap';

/** One thing due at a simulated time. */
interface SimEvent {
  readonly atMs: number;
  readonly seq: number;
  readonly run: () => void;
}

const byTimeThenOrder = (a: SimEvent, b: SimEvent) => a.atMs - b.atMs || a.seq - b.seq;

/**
 * The simulated clock and what is due on it, earliest first; equal times run in the order they
 * were scheduled, so a run is repeatable.
 */
export class EventQueue {
  private readonly heap = new OrderedHeap<SimEvent>(byTimeThenOrder);
  private seq = 0;
  private now = 0;

  get nowMs(): number {
    return this.now;
  }

  /** When the earliest event is due; Infinity when nothing is. */
  get nextAtMs(): number {
    return this.heap.first()?.atMs ?? Infinity;
  }

  /** Runs `run` at `atMs`; a time in the past is a bug in the caller. */
  at(atMs: number, run: () => void): void {
    if (!(atMs >= this.now)) throw new Error(`EventQueue: event at ${atMs} ms is before now (${this.now} ms)`);
    this.heap.add({ atMs, seq: this.seq++, run });
  }

  /** Runs the earliest event, moving the clock to its time; false when nothing is due. */
  step(): boolean {
    const event = this.heap.removeFirst();
    if (event === undefined) return false;
    this.now = event.atMs;
    event.run();
    return true;
  }
}
