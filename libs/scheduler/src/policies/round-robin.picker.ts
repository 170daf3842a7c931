import { type InstanceId, type InstanceSnapshot } from '../instance.model';
import { type InstancePicker } from '../schedule.model';

/** `round-robin`: candidates in turn, in id order; the turn survives instances coming and going. */
export class RoundRobinPicker implements InstancePicker {
  readonly name = 'round-robin';
  private turn = 0;

  pick(_request: unknown, candidates: readonly InstanceSnapshot[]): InstanceId | undefined {
    if (candidates.length === 0) return undefined;
    const ordered = [...candidates].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return ordered[this.turn++ % ordered.length]!.id;
  }
}
