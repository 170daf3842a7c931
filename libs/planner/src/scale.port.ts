import { type Result } from '@tsukimi/result';

/** A workload the planner scales: a Deployment or StatefulSet (in Kubernetes) or a local pool. */
export interface ScaleTarget {
  readonly kind: 'Deployment' | 'StatefulSet';
  readonly name: string;
}

/** Why a scale read or write failed: the target is not there, the caller may not, or the API did not answer. */
export interface ScaleError {
  readonly code: 'not-found' | 'forbidden' | 'unavailable';
  readonly message: string;
}

/** The replicas a target has been asked for (`spec`) and has ready or running (`status`). */
export interface ScaleState {
  readonly specReplicas: number;
  readonly statusReplicas: number;
}

/**
 * The scale subresource of a workload, as the HorizontalPodAutoscaler uses it: read the replicas,
 * set them. Writing the replicas already set is a no-op that succeeds.
 */
export interface ScalePort {
  /** The target's replicas now. */
  read(target: ScaleTarget): Promise<Result<ScaleState, ScaleError>>;
  /** Asks for `replicas` (a whole number >= 0); resolves once the API accepted it, not once Pods run. */
  write(target: ScaleTarget, replicas: number): Promise<Result<ScaleState, ScaleError>>;
}
