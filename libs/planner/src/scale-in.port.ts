import { type PlannerRole } from './planner.model';

/**
 * Chooses which instance goes when a pool shrinks. The drain side implements it: the planner
 * decides how many, this decides which (the one whose cache is worth least) and prepares it
 * (stop routing, hand hot blocks over), so that Kubernetes removes that Pod rather than any.
 */
export interface ScaleInPort<Id = string> {
  /**
   * The `count` instances of `role` whose removal costs the cluster least cache, best first;
   * fewer when fewer can go (instances pinned by leases or still draining are left out).
   */
  pickVictims(role: PlannerRole, count: number): Promise<readonly Id[]>;
  /**
   * Called before the replicas are lowered, with the chosen instances: marks their Pods for
   * removal first (`controller.kubernetes.io/pod-deletion-cost`) and starts their drain.
   */
  prepare(role: PlannerRole, victims: readonly Id[]): Promise<void>;
}
