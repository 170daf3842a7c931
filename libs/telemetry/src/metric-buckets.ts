/**
 * Histogram buckets in seconds, chosen for LLM serving: dense where SLOs sit (TTFT of a few
 * hundred ms to a few s, TBT of tens of ms), sparse in the tails, so that `histogram_quantile`
 * is accurate around the thresholds that matter without a hundred series per histogram.
 */

/** Time to first token: 5 ms (a fully cached short prompt) to 60 s (a long cold prefill in a queue). */
export const TTFT_BUCKETS_SECONDS: readonly number[] = [
  0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 1.5, 2, 3, 4, 5, 7.5, 10, 15, 20, 30, 45, 60,
];

/** Time between tokens: 1 ms (tiny model) to 5 s (a stalled batch). */
export const TBT_BUCKETS_SECONDS: readonly number[] = [
  0.001, 0.0025, 0.005, 0.0075, 0.01, 0.015, 0.02, 0.025, 0.03, 0.04, 0.05, 0.06, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75,
  1, 2.5, 5,
];

/** Whole requests: 10 ms to 10 min, since long generations stream for minutes. */
export const E2E_BUCKETS_SECONDS: readonly number[] = [
  0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 600,
];

/**
 * `buckets` with every edge of `edges` added, ascending and without duplicates. An SLO threshold
 * that is a bucket edge makes "share of requests within the SLO" an exact count from the
 * histogram (`_bucket{le="<slo>"} / _count`) rather than an interpolation.
 */
export function withBucketEdges(buckets: readonly number[], edges: readonly number[]): number[] {
  for (const edge of edges) {
    if (!Number.isFinite(edge) || edge <= 0) throw new RangeError(`a bucket edge must be a positive finite number; got ${edge}`);
  }
  return [...new Set([...buckets, ...edges])].sort((a, b) => a - b);
}
