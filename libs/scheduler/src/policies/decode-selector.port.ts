import { type InstanceSnapshot } from '../instance.model';
import { type InstancePicker, type ScheduleRequest } from '../schedule.model';

/** A decode instance chosen for a request and how its time between tokens is predicted to fare. */
export interface DecodeChoice {
  readonly instance: InstanceSnapshot;
  /** Predicted TBT with the request added; absent when the policy does not predict it. */
  readonly tbtMs?: number;
  /** Whether the prediction stays under the target; the best instance is still named when none does. */
  readonly withinSlo: boolean;
}

/** A decode policy that predicts TBT, so that admission can judge decode load. */
export interface DecodeSelector {
  /**
   * Among `candidates`, the least loaded whose predicted TBT with the request added stays within
   * `tbtLimitMs`, judged `horizonMs` from now; when none does, the one with the lowest prediction.
   */
  choose(request: ScheduleRequest, candidates: readonly InstanceSnapshot[], horizonMs: number, tbtLimitMs: number): DecodeChoice | undefined;
}

export function isDecodeSelector(picker: InstancePicker): picker is InstancePicker & DecodeSelector {
  return typeof (picker as Partial<DecodeSelector>).choose === 'function';
}
