import { type InstanceId, type InstanceSnapshot } from '../instance.model';
import { type ClusterSnapshot, type InstancePicker, type ScheduleRequest } from '../schedule.model';
import { byLoad } from './least-loaded.picker';

/** `prefix-aware`: the candidate holding the longest cached prefix of the prompt; the least loaded among equals. */
export class PrefixAwarePicker implements InstancePicker {
  readonly name = 'prefix-aware';

  pick(request: ScheduleRequest, candidates: readonly InstanceSnapshot[], snapshot: ClusterSnapshot): InstanceId | undefined {
    let best: InstanceSnapshot | undefined;
    let bestBlocks = -1;
    for (const candidate of candidates) {
      const blocks = snapshot.cachedPrefixBlocks(candidate.id, request.blockKeys);
      if (blocks > bestBlocks || (blocks === bestBlocks && best !== undefined && byLoad(candidate, best) < 0)) {
        best = candidate;
        bestBlocks = blocks;
      }
    }
    return best?.id;
  }
}
