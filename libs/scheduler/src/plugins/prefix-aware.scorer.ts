import { type ScorerFactory } from '../profile/plugin.port';
import { parameterless } from '../profile/plugin-parameters';
import { scaleScores } from '../profile/score.scale';

/** `prefix-aware`: prefix affinity; the longer the prompt's prefix already in a candidate's own memory, the higher its score. */
export const prefixAwareScorer: ScorerFactory = {
  kind: 'scorer',
  type: 'prefix-aware',
  create: parameterless(() => ({
      type: 'prefix-aware',
      score: (ctx, candidates) => scaleScores(Float64Array.from(candidates, (c) => ctx.snapshot.cachedPrefixBlocks(c.id, ctx.request.blockKeys)), true),
  })),
};
