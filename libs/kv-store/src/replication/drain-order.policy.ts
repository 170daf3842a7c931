import { type BlockKey } from '@tsukimi/kv-block';

/** One block on a leaving node, as the drain weighs it. */
export interface DrainCandidate {
  readonly key: BlockKey;
  readonly sizeBytes: number;
  /** Promised to someone (a read lease, or a pin: prompt-cache leases are soft pins), so it moves first. */
  readonly leased: boolean;
  /** No other node holds it: it is lost if it does not move. */
  readonly sole: boolean;
  /** Recent reads (the hot-spot window, or the entry's access count where no window runs). */
  readonly reads: number;
  readonly lastAccessMs: number;
}

/**
 * The order a leaving node's blocks move in, most to lose first: leased blocks (promised to
 * readers), then sole replicas before extra ones, each hottest first (most reads, then most
 * recently read), then by key so that the order is the same for the same view. Pure.
 */
export function drainOrder<T extends DrainCandidate>(candidates: readonly T[]): T[] {
  return [...candidates].sort(
    (a, b) =>
      Number(b.leased) - Number(a.leased) ||
      Number(b.sole) - Number(a.sole) ||
      b.reads - a.reads ||
      b.lastAccessMs - a.lastAccessMs ||
      (a.key < b.key ? -1 : a.key > b.key ? 1 : 0),
  );
}
