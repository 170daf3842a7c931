import { type Scorer, type ScorerFactory } from '../profile/plugin.port';
import { parameterless } from '../profile/plugin-parameters';
import { scaleScores } from '../profile/score.scale';

/**
 * `kvcache-centric`: Mooncake's Algorithm 1 as a prefill scorer. Each candidate's
 * `TTFT = T_queue + T_transfer + T_prefill` comes from the TTFT estimator, which for each
 * instance takes the cheapest of using the prefix it holds (`holder`), fetching a longer one
 * from another instance, pool DRAM or SSD (`fetch`, only past the cache-balancing threshold) and
 * computing the rest (`recompute`). The lowest TTFT scores 1. With `max-score` as the only
 * scorer's picker this is Algorithm 1: the lowest TTFT wins, the least loaded among equals.
 * Scores all candidates 0 when the scheduler has no estimators.
 */
export const kvcacheCentricScorer: ScorerFactory = {
  kind: 'scorer',
  type: 'kvcache-centric',
  create: parameterless(
    (): Scorer => ({
      type: 'kvcache-centric',
      score: (ctx, candidates) => {
        const ttftMs = ctx.ttftMsOf(candidates);
        const scores = ctx.scratchFloat64(candidates.length);
        return ttftMs === undefined ? scores : scaleScores(ttftMs, false, scores);
      },
    }),
  ),
};
