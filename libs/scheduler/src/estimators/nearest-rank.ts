/**
 * The value at quantile `q` (0..1) of `sorted`, ascending, by nearest rank: the smallest value with
 * at least a `q` share of the values at or under it, never interpolated. Undefined when there are
 * none, for the caller to say what an empty sample means.
 */
export function nearestRank(sorted: ArrayLike<number>, q: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
