import { type InstanceId, type InstanceSnapshot } from '../instance.model';
import { type InstancePicker } from '../schedule.model';

/** Orders instances by requests in flight, then prompt tokens in flight, then id, so ties break the same way every time. */
export function byLoad(a: InstanceSnapshot, b: InstanceSnapshot): number {
  return a.inFlightRequests - b.inFlightRequests || a.inFlightTokens - b.inFlightTokens || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** `least-loaded`: the candidate with the least work in flight. */
export class LeastLoadedPicker implements InstancePicker {
  readonly name = 'least-loaded';

  pick(_request: unknown, candidates: readonly InstanceSnapshot[]): InstanceId | undefined {
    return [...candidates].sort(byLoad)[0]?.id;
  }
}
