/**
 * Scores in [0, 1] from raw measures, best 1 and worst 0, by where each lies between the best
 * and the worst; all equal score 1. Equal measures give equal scores, so a picker's tie-break
 * still decides between them. A measure that is not finite scores 0. The scores go into `into`
 * when given, which may be `measures` itself (each measure is read before its score is written).
 */
export function scaleScores(measures: Float64Array, higherIsBetter: boolean, into?: Float64Array): Float64Array {
  let low = Infinity;
  let high = -Infinity;
  for (const m of measures) {
    if (!Number.isFinite(m)) continue;
    low = Math.min(low, m);
    high = Math.max(high, m);
  }
  const range = high - low;
  const scores = into ?? new Float64Array(measures.length);
  for (let i = 0; i < measures.length; i++) {
    const m = measures[i]!;
    scores[i] = !Number.isFinite(m) ? 0 : !(range > 0) ? 1 : higherIsBetter ? (m - low) / range : (high - m) / range;
  }
  return scores;
}
