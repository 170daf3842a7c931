import { type InstanceSnapshot } from '../instance.model';
import { type PickerFactory } from '../profile/plugin.port';
import { parameterless } from '../profile/plugin-parameters';

/**
 * `round-robin`: the best-scored candidates in turn, in id order (every candidate when the
 * profile has no scorers); the turn survives instances coming and going.
 */
export const roundRobinPicker: PickerFactory = {
  kind: 'picker',
  type: 'round-robin',
  create: parameterless(() => {
    let turn = 0;
    return {
      type: 'round-robin',
      pick: (_ctx, candidates, totals) => {
        const top = Math.max(...totals);
        const best: InstanceSnapshot[] = candidates.filter((_c, i) => totals[i] === top);
        if (best.length === 0) return undefined;
        best.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
        return best[turn++ % best.length];
      },
    };
  }),
};
