// Original file: libs/proto/proto/tsukimi/v1/prefill.proto


/**
 * The scheduler's decision for one prompt: the leading `device_blocks` from the instance's own
 * memory, then up to `reused_blocks` read from the pool (from `source_node` when set, else any
 * replica), the rest computed. A plan that cannot be followed falls back: another replica, then
 * compute. It never changes the tokens, only where their KV comes from.
 */
export interface PrefillPlan {
  /**
   * holder, fetch or recompute
   */
  'branch'?: (string);
  'deviceBlocks'?: (number);
  'reusedBlocks'?: (number);
  /**
   * the pool node to read from; empty: any replica
   */
  'sourceNode'?: (string);
  /**
   * dram or ssd, the tier the scheduler saw there; empty with no node
   */
  'sourceTier'?: (string);
}

/**
 * The scheduler's decision for one prompt: the leading `device_blocks` from the instance's own
 * memory, then up to `reused_blocks` read from the pool (from `source_node` when set, else any
 * replica), the rest computed. A plan that cannot be followed falls back: another replica, then
 * compute. It never changes the tokens, only where their KV comes from.
 */
export interface PrefillPlan__Output {
  /**
   * holder, fetch or recompute
   */
  'branch': (string);
  'deviceBlocks': (number);
  'reusedBlocks': (number);
  /**
   * the pool node to read from; empty: any replica
   */
  'sourceNode': (string);
  /**
   * dram or ssd, the tier the scheduler saw there; empty with no node
   */
  'sourceTier': (string);
}
