import { type ScheduleDecision } from '@tsukimi/scheduler';
import { type DecisionBranch } from './scheduling-metrics.port';

/**
 * The branch a decision took: its estimate's, when the policy estimated; otherwise read from what
 * the decision asks of prefill, so that policies without estimators (round-robin, least-loaded)
 * are counted in the same three branches: blocks to fetch, blocks the instance holds, or neither.
 */
export function decisionBranch(decision: ScheduleDecision): DecisionBranch {
  if (decision.kind === 'reject') return 'rejected';
  if (decision.estimate) return decision.estimate.branch;
  if (decision.migrate) return 'fetch';
  return decision.cachedBlocks > 0 ? 'holder' : 'recompute';
}
