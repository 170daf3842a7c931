import { type InstanceSnapshot } from '../instance.model';
import { type ScorerFactory } from '../profile/plugin.port';
import { parameterless } from '../profile/plugin-parameters';
import { scaleScores } from '../profile/score.scale';

/**
 * `least-loaded`: the fewer requests in flight, the higher the score. Tokens in flight and id
 * are left to the picker's tie-break, so that this scorer alone under `max-score` orders
 * candidates exactly by load.
 */
function inFlightRequests(candidates: readonly InstanceSnapshot[], counts: Float64Array): Float64Array {
  for (let i = 0; i < candidates.length; i++) counts[i] = candidates[i]!.inFlightRequests;
  return counts;
}

export const leastLoadedScorer: ScorerFactory = {
  kind: 'scorer',
  type: 'least-loaded',
  create: parameterless(() => ({
    type: 'least-loaded',
    score: (ctx, candidates) => {
      const counts = inFlightRequests(candidates, ctx.scratchFloat64(candidates.length));
      return scaleScores(counts, false, counts);
    },
  })),
};
