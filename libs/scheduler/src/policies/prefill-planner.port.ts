import { type TtftEstimate } from '../estimators/ttft.estimate';
import { type TtftEstimator } from '../estimators/ttft.estimator';
import { type PrefixMatch } from '../index/prefix-location.model';
import { type InstanceSnapshot } from '../instance.model';
import { type InstancePicker, type ScheduleRequest } from '../schedule.model';

/** A prefill instance chosen for a request, with its estimated TTFT when estimators are configured. */
export interface PrefillPlan {
  readonly instance: InstanceSnapshot;
  readonly estimate?: TtftEstimate;
}

/** A prefill policy that chooses by estimated TTFT and says how it got there. */
export interface PrefillPlanner {
  readonly estimator: TtftEstimator;
  /** The candidate with the best estimated TTFT, or undefined when there are no candidates. */
  plan(request: ScheduleRequest, candidates: readonly InstanceSnapshot[], match: PrefixMatch): (PrefillPlan & { readonly estimate: TtftEstimate }) | undefined;
}

export function isPrefillPlanner(picker: InstancePicker): picker is InstancePicker & PrefillPlanner {
  return typeof (picker as Partial<PrefillPlanner>).plan === 'function';
}
