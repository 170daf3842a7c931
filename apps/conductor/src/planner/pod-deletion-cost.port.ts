import { type ScaleError } from '@tsukimi/planner';
import { type Result } from '@tsukimi/result';

/** The annotation the ReplicaSet controller reads when it picks Pods to delete on a scale-down: lowest first. */
export const POD_DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';
/** The lowest value the annotation takes (an int32), so a victim goes before any Pod a user ranked. */
export const VICTIM_DELETION_COST = String(-2147483648);

/** Marks the Pods a scale-in should remove. */
export interface PodDeletionCostPort {
  /** Sets the lowest deletion cost on `pods`, and takes the annotation off Pods it marked before that are not among them. */
  mark(pods: readonly string[]): Promise<Result<void, ScaleError>>;
}
