/**
 * A one-shot gate for tests: work waits on it until the test opens it, and the test can wait
 * until a given number of waiters have arrived, instead of sleeping.
 */
export class Latch {
  private openGate!: () => void;
  private readonly opened = new Promise<void>((resolve) => {
    this.openGate = resolve;
  });
  private waiting = 0;
  private readonly arrivals: { readonly count: number; readonly resolve: () => void }[] = [];

  wait(): Promise<void> {
    this.waiting += 1;
    for (const arrival of this.arrivals.filter((candidate) => candidate.count <= this.waiting)) arrival.resolve();
    return this.opened;
  }

  open(): void {
    this.openGate();
  }

  /** Resolves once `count` calls to `wait` have been made. */
  whenWaiting(count = 1): Promise<void> {
    if (this.waiting >= count) return Promise.resolve();
    return new Promise((resolve) => this.arrivals.push({ count, resolve }));
  }
}
