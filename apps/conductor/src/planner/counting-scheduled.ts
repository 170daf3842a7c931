import { type SchedulingMetrics } from '@tsukimi/conductor';
import { type LoadMeter } from '@tsukimi/planner';

/** The scheduling metrics, also counting each admitted decision into the planner's load meter (retries count again: a slight overestimate). */
export function countingScheduled(inner: SchedulingMetrics, load: LoadMeter | undefined): SchedulingMetrics {
  if (!load) return inner;
  return {
    ...inner,
    decided: (branch, seconds) => {
      if (branch !== 'rejected') load.requestScheduled();
      inner.decided(branch, seconds);
    },
  };
}
