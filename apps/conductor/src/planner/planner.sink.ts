import { type PlannerMode, type PlannerSink, type ScaleDecision } from '@tsukimi/planner';
import { type Metrics } from '@tsukimi/service-kit';
import { type Logger } from '@tsukimi/telemetry';

/**
 * Every decision counted by role, direction and reason and logged (changes at info, holds at
 * debug); outside dry-run the desired replicas go to the gauge KEDA or an HPA reads. A no-signal
 * hold leaves the gauge as it was: no instance reported, which says nothing of the replicas wanted.
 */
export function plannerSink(mode: PlannerMode, metrics: Metrics, logger: Logger): PlannerSink {
  const decisions = metrics.get('tsukimi_planner_decisions_total');
  const desired = metrics.get('tsukimi_planner_desired_replicas');
  return {
    decided: (d: ScaleDecision) => {
      decisions.inc({ role: d.role, direction: d.direction, reason: d.reason });
      if (mode !== 'dry-run' && d.reason !== 'no-signal') desired.set({ role: d.role }, d.desiredReplicas);
      const fields = { role: d.role, loop: d.loop, direction: d.direction, reason: d.reason, currentReplicas: d.currentReplicas, desiredReplicas: d.desiredReplicas, mode };
      if (d.direction === 'hold') logger.debug('planner decision', fields);
      else logger.info('planner decision', fields);
    },
  };
}
