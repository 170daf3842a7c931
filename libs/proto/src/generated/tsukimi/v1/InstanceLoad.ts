// Original file: libs/proto/proto/tsukimi/v1/common.proto


export interface InstanceLoad {
  'queuedRequests'?: (number);
  'activeRequests'?: (number);
  'queuedTokens'?: (number);
  'arenaCapacityBlocks'?: (number);
  'arenaUsedBlocks'?: (number);
  'draining'?: (boolean);
}

export interface InstanceLoad__Output {
  'queuedRequests': (number);
  'activeRequests': (number);
  'queuedTokens': (number);
  'arenaCapacityBlocks': (number);
  'arenaUsedBlocks': (number);
  'draining': (boolean);
}
