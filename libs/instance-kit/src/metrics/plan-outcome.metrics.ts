import { type Metrics } from '@tsukimi/service-kit';
import { PLAN_BRANCHES, PLAN_FALLBACK_REASONS, type PlanOutcome } from '@tsukimi/serving';

/**
 * Creates every plan outcome series a prefill instance can write at 0 (each branch followed or
 * fallen back for each reason, and prefills without a plan), so a rate over them has data
 * before the first request.
 */
export function registerPlanOutcomes(metrics: Metrics): void {
  const counter = metrics.get('tsukimi_instance_plan_outcomes_total');
  for (const branch of PLAN_BRANCHES) for (const reason of ['followed', ...PLAN_FALLBACK_REASONS]) counter.inc({ role: 'prefill', branch, reason }, 0);
  counter.inc({ role: 'prefill', branch: 'none', reason: 'no-plan' }, 0);
}

/** Counts how one prefill carried out its plan. */
export function countPlanOutcome(metrics: Metrics, outcome: PlanOutcome): void {
  metrics.get('tsukimi_instance_plan_outcomes_total').inc({ role: 'prefill', branch: outcome.branch, reason: outcome.reason });
}
