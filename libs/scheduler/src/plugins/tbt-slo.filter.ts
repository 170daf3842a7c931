import { type InstanceSnapshot } from '../instance.model';
import { type FilterFactory } from '../profile/plugin.port';
import { parameterless } from '../profile/plugin-parameters';

/**
 * `tbt-slo`: TBT-bounded decode selection. Keeps the decode candidates whose predicted time
 * between tokens, with this request's context added and judged when its prefill ends, stays
 * under the TBT target; when none does, keeps only the one with the lowest prediction, which
 * admission then sees missing the target. Keeps every candidate when the scheduler has no
 * estimators.
 */
export const tbtSloFilter: FilterFactory = {
  kind: 'filter',
  type: 'tbt-slo',
  create: parameterless(() => ({
      type: 'tbt-slo',
      filter: (ctx, candidates) => {
        const predictedMs = ctx.tbtMsOf(candidates);
        if (predictedMs === undefined) return { candidates };
        let within = 0;
        let lowest = -1;
        for (let i = 0; i < candidates.length; i++) {
          if (predictedMs[i]! <= ctx.tbtLimitMs) within++;
          if (lowest < 0 || predictedMs[i]! < predictedMs[lowest]!) lowest = i;
        }
        // Every candidate within: the list itself, so that the scorers share its predictions.
        if (within === candidates.length) return { candidates };
        if (within === 0) return { candidates: lowest < 0 ? [] : [candidates[lowest]!] };
        const kept: InstanceSnapshot[] = [];
        for (let i = 0; i < candidates.length; i++) if (predictedMs[i]! <= ctx.tbtLimitMs) kept.push(candidates[i]!);
        return { candidates: kept };
      },
  })),
};
