// Original file: libs/proto/proto/tsukimi/v1/common.proto


export interface InstanceLoad {
  'queuedRequests'?: (number);
  'activeRequests'?: (number);
  'queuedTokens'?: (number);
  'arenaCapacityBlocks'?: (number);
  'arenaUsedBlocks'?: (number);
  'draining'?: (boolean);
  /**
   * Device-tier blocks holding nothing: neither a running sequence's KV nor the prefix cache.
   */
  'arenaFreeBlocks'?: (number);
}

export interface InstanceLoad__Output {
  'queuedRequests': (number);
  'activeRequests': (number);
  'queuedTokens': (number);
  'arenaCapacityBlocks': (number);
  'arenaUsedBlocks': (number);
  'draining': (boolean);
  /**
   * Device-tier blocks holding nothing: neither a running sequence's KV nor the prefix cache.
   */
  'arenaFreeBlocks': (number);
}
