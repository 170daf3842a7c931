/**
 * Calls and failures over a sliding window of time, in a fixed ring of buckets: memory stays
 * the same however many calls an instance serves, and the window slides a bucket at a time.
 */
export class CallWindow {
  private readonly calls: number[];
  private readonly failures: number[];
  /** The bucket index (time / bucket width) each slot last counted. */
  private readonly epochs: number[];
  private readonly bucketMs: number;

  constructor(windowMs: number, buckets = 10) {
    this.bucketMs = Math.max(1, windowMs / buckets);
    this.calls = new Array<number>(buckets).fill(0);
    this.failures = new Array<number>(buckets).fill(0);
    this.epochs = new Array<number>(buckets).fill(-1);
  }

  record(nowMs: number, failed: boolean): void {
    const epoch = Math.floor(nowMs / this.bucketMs);
    const slot = epoch % this.calls.length;
    if (this.epochs[slot] !== epoch) {
      this.epochs[slot] = epoch;
      this.calls[slot] = 0;
      this.failures[slot] = 0;
    }
    this.calls[slot]! += 1;
    if (failed) this.failures[slot]! += 1;
  }

  /** Calls and failures counted in the window ending at `nowMs`. */
  totals(nowMs: number): { readonly calls: number; readonly failures: number } {
    const current = Math.floor(nowMs / this.bucketMs);
    let calls = 0;
    let failures = 0;
    for (let slot = 0; slot < this.calls.length; slot++) {
      const epoch = this.epochs[slot]!;
      if (epoch < 0 || current - epoch >= this.calls.length) continue;
      calls += this.calls[slot]!;
      failures += this.failures[slot]!;
    }
    return { calls, failures };
  }

  clear(): void {
    this.epochs.fill(-1);
  }
}
