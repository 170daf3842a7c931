import { type ScorerFactory } from '../profile/plugin.port';
import { parameterless } from '../profile/plugin-parameters';
import { scaleScores } from '../profile/score.scale';

/**
 * `least-loaded`: the fewer requests in flight, the higher the score. Tokens in flight and id
 * are left to the picker's tie-break, so that this scorer alone under `max-score` orders
 * candidates exactly by load.
 */
export const leastLoadedScorer: ScorerFactory = {
  kind: 'scorer',
  type: 'least-loaded',
  create: parameterless(() => ({ type: 'least-loaded', score: (_ctx, candidates) => scaleScores(Float64Array.from(candidates, (c) => c.inFlightRequests), false) })),
};
