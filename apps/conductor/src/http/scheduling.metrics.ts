import { DECISION_BRANCHES, PREFIX_WAIT_OUTCOMES, RUN_REASONS, runOf, type SchedulingMetrics } from '@tsukimi/conductor';
import { HistogramSeries, type Metrics } from '@tsukimi/service-kit';
import { type BucketSettings, useSloBuckets } from './slo-buckets';

/** The request pipeline's scheduling decisions as `tsukimi_scheduler_*` series. */
export function schedulingMetrics(m: Metrics, config: BucketSettings): SchedulingMetrics {
  useSloBuckets(m, config);
  // Observed on every request's path: bound once, as the completion histograms are.
  const decisionSeconds = new HistogramSeries(m.get('tsukimi_scheduler_decision_seconds'), {});
  const decisions = m.get('tsukimi_scheduler_decisions_total');
  const estimatedTtft = new HistogramSeries(m.get('tsukimi_scheduler_estimated_ttft_seconds'), {});
  // Each branch's series exists from the start, so that rate() counts its first decision too.
  for (const branch of DECISION_BRANCHES) decisions.inc({ branch }, 0);
  const runs = m.get('tsukimi_scheduler_disaggregation_total');
  for (const reason of RUN_REASONS) runs.inc({ branch: runOf(reason), reason }, 0);
  const waits = m.get('tsukimi_scheduler_inflight_waits_total');
  for (const reason of PREFIX_WAIT_OUTCOMES) waits.inc({ reason }, 0);
  return {
    decided: (branch, seconds) => {
      decisions.inc({ branch });
      decisionSeconds.observe(seconds);
    },
    estimatedTtftSeconds: (seconds) => estimatedTtft.observe(seconds),
    ran: ({ run, reason }) => runs.inc({ branch: run, reason }),
    waited: (reason) => waits.inc({ reason }),
  };
}
