import { type ReportOutcome } from '../master/replica.reports';
import { type TierChange } from '../node/tier-change.model';
import { type TierObserver } from '../node/tier-observer.port';

/** Where queued tier changes go: the master itself, or a client of a remote one. */
export type TierReportSink = (changes: readonly TierChange[]) => Promise<readonly ReportOutcome[]>;

/**
 * Collects a node's tier changes as they happen and hands them on in order, one batch at a time.
 * The node store calls `onTierChange` synchronously inside its own operations; delivery must not
 * run there, so it is scheduled and serialised here.
 */
export class TierReportQueue implements TierObserver {
  private pending: TierChange[] = [];
  private delivering: Promise<void> = Promise.resolve();
  private sink: TierReportSink | undefined;
  private deliveredTotal = 0;

  /** Starts delivering to `sink`, including whatever queued before. */
  connect(sink: TierReportSink): void {
    this.sink = sink;
    this.schedule();
  }

  onTierChange(change: TierChange): void {
    this.pending.push(change);
    this.schedule();
  }

  /** Resolves once every change queued before the call has been delivered. */
  flush(): Promise<void> {
    this.schedule();
    return this.delivering;
  }

  /**
   * Runs `task` in the delivery order: after every change queued so far is delivered, before any
   * change queued later. A reconcile must run this way, taking its inventory inside the task: a
   * change that overtook it would be undone by an inventory taken before that change.
   */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    this.schedule();
    const result = this.delivering.then(task);
    this.delivering = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  get delivered(): number {
    return this.deliveredTotal;
  }

  private schedule(): void {
    if (this.sink === undefined || this.pending.length === 0) return;
    const sink = this.sink;
    this.delivering = this.delivering.then(async () => {
      const batch = this.pending;
      if (batch.length === 0) return;
      this.pending = [];
      try {
        await sink(batch);
        this.deliveredTotal += batch.length;
      } catch {
        // A sink that throws has lost the batch; the node's next reconcile repairs the master.
      }
    });
  }
}
