/** What the planner scales: the two instance pools and the kvpool's storage nodes. */
export const PLANNER_ROLES = ['prefill', 'decode', 'kvpool'] as const;
export type PlannerRole = (typeof PLANNER_ROLES)[number];

export type ScaleDirection = 'up' | 'down' | 'hold';

/**
 * Why the planner proposed what it did. Every decision carries one, and the decisions counter is
 * labelled by it, so an operator can tell an SLO-driven step from a capacity plan.
 */
export const DECISION_REASONS = [
  /** Prefill: the queued uncached tokens would not drain within the TTFT SLO's share. */
  'ttft-queue',
  /** Prefill: one instance fewer would still drain the queue well within the TTFT SLO. */
  'prefill-idle',
  /** Decode: measured inter-token latency above the TBT SLO's share. */
  'tbt-latency',
  /** Decode: KV memory use above its high-water mark. */
  'kv-usage',
  /** Decode: latency and KV use would stay low with one instance fewer. */
  'decode-idle',
  /** The slow loop's pool size for the measured request rate. */
  'capacity-plan',
  /** Kvpool: one more node of DRAM would raise the hit ratio by at least the configured gain. */
  'hit-ratio-gain',
  /** Kvpool: one node fewer would lose less than half the configured gain. */
  'hit-ratio-plateau',
  /** Holds: the signals are within their bands. */
  'within-slo',
  /** Holds: the proposal has not persisted through its stabilisation window. */
  'stabilising',
  /** Holds: the last change in this direction is too recent. */
  'cooling-down',
  /** Holds: the proposal is past the role's maximum or minimum. */
  'at-max',
  'at-min',
  /** Holds: the slow loop's plan is a floor that the fast loop may not scale below. */
  'plan-floor',
  /** Holds: no signal for the role this tick (no instance reported). */
  'no-signal',
] as const;
export type DecisionReason = (typeof DECISION_REASONS)[number];

/** One planner decision for one role; `desiredReplicas` equals `currentReplicas` on a hold. */
export interface ScaleDecision {
  readonly role: PlannerRole;
  readonly loop: 'fast' | 'slow';
  readonly direction: ScaleDirection;
  readonly reason: DecisionReason;
  readonly currentReplicas: number;
  readonly desiredReplicas: number;
  readonly atMs: number;
}

/** A proposal before stabilisation, cool-downs and bounds. */
export interface ScaleProposal {
  readonly replicas: number;
  readonly reason: DecisionReason;
}

/**
 * The slow loop's SSD for each kvpool storage node, sized for the nodes of the same tick's kvpool
 * decision. Reported, never written: a node's SSD budget is its volume's, set at its start.
 * `direction` compares it with the nodes' SSD now (up: the curve wants more than they have).
 */
export interface KvpoolSsdDecision {
  readonly direction: ScaleDirection;
  readonly reason: Extract<DecisionReason, 'hit-ratio-gain' | 'hit-ratio-plateau' | 'at-max' | 'at-min'>;
  readonly nodes: number;
  readonly currentBytesPerNode: number;
  readonly desiredBytesPerNode: number;
  /** The hit ratio the curve predicts with those nodes' DRAM and that SSD. */
  readonly hitRatio: number;
  readonly atMs: number;
}
