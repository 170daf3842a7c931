import { type InstanceSnapshot } from '../instance.model';
import { type PickerFactory } from '../profile/plugin.port';
import { parameterless } from '../profile/plugin-parameters';
import { byLoad } from '../profile/by-load.order';

/** `max-score`: the candidate with the highest weighted score; among equals the least loaded, then the lowest id. */
export const maxScorePicker: PickerFactory = {
  kind: 'picker',
  type: 'max-score',
  create: parameterless(() => ({
      type: 'max-score',
      pick: (_ctx, candidates, totals) => {
        let best: InstanceSnapshot | undefined;
        let bestTotal = -Infinity;
        for (let i = 0; i < candidates.length; i++) {
          const candidate = candidates[i]!;
          const total = totals[i]!;
          if (best === undefined || total > bestTotal || (total === bestTotal && byLoad(candidate, best) < 0)) {
            best = candidate;
            bestTotal = total;
          }
        }
        return best;
      },
  })),
};
