import { type KvpoolSsdDecision, type PlannerMode, type PlannerSink, type ScaleDecision } from '@tsukimi/planner';
import { type Metrics } from '@tsukimi/service-kit';
import { type Logger } from '@tsukimi/telemetry';

/**
 * Every decision counted by role, direction and reason and logged (changes at info, holds at
 * debug); outside dry-run the desired replicas go to the gauge KEDA or an HPA reads. A no-signal
 * hold leaves the gauge as it was: no instance reported, which says nothing of the replicas wanted.
 * The kvpool's SSD per node is counted, logged and (outside dry-run) exported the same way; a
 * change is one the operator has to make (the nodes' SSD budget and volume), so it logs at info.
 */
export function plannerSink(mode: PlannerMode, metrics: Metrics, logger: Logger): PlannerSink {
  const decisions = metrics.get('tsukimi_planner_decisions_total');
  const desired = metrics.get('tsukimi_planner_desired_replicas');
  const ssdDecisions = metrics.get('tsukimi_planner_kvpool_ssd_decisions_total');
  const desiredSsd = metrics.get('tsukimi_planner_desired_kvpool_bytes');
  return {
    decided: (d: ScaleDecision) => {
      decisions.inc({ role: d.role, direction: d.direction, reason: d.reason });
      if (mode !== 'dry-run' && d.reason !== 'no-signal') desired.set({ role: d.role }, d.desiredReplicas);
      const fields = { role: d.role, loop: d.loop, direction: d.direction, reason: d.reason, currentReplicas: d.currentReplicas, desiredReplicas: d.desiredReplicas, mode };
      if (d.direction === 'hold') logger.debug('planner decision', fields);
      else logger.info('planner decision', fields);
    },
    kvpoolSsdDecided: (d: KvpoolSsdDecision) => {
      ssdDecisions.inc({ direction: d.direction, reason: d.reason });
      if (mode !== 'dry-run') desiredSsd.set({ tier: 'ssd' }, d.desiredBytesPerNode);
      const fields = { direction: d.direction, reason: d.reason, nodes: d.nodes, currentSsdBytesPerNode: d.currentBytesPerNode, desiredSsdBytesPerNode: d.desiredBytesPerNode, hitRatio: d.hitRatio, mode };
      if (d.direction === 'hold') logger.debug('planner kvpool ssd decision', fields);
      else logger.info('planner kvpool ssd decision', fields);
    },
  };
}
