// Original file: libs/proto/proto/tsukimi/v1/prefill.proto


/**
 * How the instance carried the plan out: `reason` is `followed`, or the short constant reason
 * it fell back (block-missing, node-unreachable, block-corrupt, device-evicted, pool-unavailable),
 * or `no-plan`.
 */
export interface PlanOutcome {
  'branch'?: (string);
  'reason'?: (string);
}

/**
 * How the instance carried the plan out: `reason` is `followed`, or the short constant reason
 * it fell back (block-missing, node-unreachable, block-corrupt, device-evicted, pool-unavailable),
 * or `no-plan`.
 */
export interface PlanOutcome__Output {
  'branch': (string);
  'reason': (string);
}
