import { type TierChange } from './tier-change.model';

/** Where a node store reports its tier changes (the node process forwards them to the master). */
export interface TierObserver {
  /**
   * Called after each change has taken effect, in the order they happened. Must return quickly
   * and must not throw: queue the change and deliver it elsewhere.
   */
  onTierChange(change: TierChange): void;
}

/** Records changes in memory, for tests and for a node embedded in the master's process. */
export class RecordingTierObserver implements TierObserver {
  readonly changes: TierChange[] = [];

  onTierChange(change: TierChange): void {
    this.changes.push(change);
  }
}

/** One observer that tells each of `observers` of every change, in order. */
export function fanOutTierChanges(observers: readonly TierObserver[]): TierObserver {
  return { onTierChange: (change) => observers.forEach((observer) => observer.onTierChange(change)) };
}
