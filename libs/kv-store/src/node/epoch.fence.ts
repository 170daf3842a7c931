/** `stale`: the word of a master whose tenure ended, since a later leader has spoken. */
export type FenceVerdict = 'admitted' | 'stale';

/**
 * A storage node's memory of the highest leadership epoch any master has shown it. A master that
 * lost its lease but has not noticed yet (a long pause, a partition) still answers in its old
 * epoch; once the node has heard a later leader, that master's commands are refused, so only the
 * present leader changes what the node stores. An epoch equal to the highest is the same tenure.
 */
export class EpochFence {
  private highest = 0;
  private refusedTotal = 0;

  /** Admits `epoch`, raising the highest seen, or refuses it as older than that. */
  admit(epoch: number): FenceVerdict {
    if (epoch < this.highest) {
      this.refusedTotal += 1;
      return 'stale';
    }
    this.highest = epoch;
    return 'admitted';
  }

  /** The highest epoch admitted so far; 0 before any. */
  get highestEpoch(): number {
    return this.highest;
  }

  /** How many answers were refused as stale so far. */
  get refused(): number {
    return this.refusedTotal;
  }
}
