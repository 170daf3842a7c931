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
        const within: InstanceSnapshot[] = [];
        let lowest: InstanceSnapshot | undefined;
        let lowestMs = Infinity;
        for (const candidate of candidates) {
          const tbtMs = ctx.tbtMs(candidate);
          if (tbtMs === undefined) return { candidates };
          if (tbtMs <= ctx.tbtLimitMs) within.push(candidate);
          if (lowest === undefined || tbtMs < lowestMs) {
            lowest = candidate;
            lowestMs = tbtMs;
          }
        }
        return { candidates: within.length > 0 || lowest === undefined ? within : [lowest] };
      },
  })),
};
