// Original file: libs/proto/proto/tsukimi/v1/common.proto

import type { InstanceLoad as _tsukimi_v1_InstanceLoad, InstanceLoad__Output as _tsukimi_v1_InstanceLoad__Output } from '../../tsukimi/v1/InstanceLoad';
import type { DeviceTierUpdate as _tsukimi_v1_DeviceTierUpdate, DeviceTierUpdate__Output as _tsukimi_v1_DeviceTierUpdate__Output } from '../../tsukimi/v1/DeviceTierUpdate';

/**
 * What an instance serves. Instances whose block keys would differ (model, block size, hash
 * scheme, tokenizer) cannot share KV blocks.
 */
export interface InstanceDescription {
  'instanceId'?: (string);
  /**
   * "prefill" or "decode"
   */
  'role'?: (string);
  'modelId'?: (string);
  'modelHash'?: (string);
  'blockSizeTokens'?: (number);
  'tokenizerId'?: (string);
  'contextTokens'?: (number);
  'hashScheme'?: (string);
  'load'?: (_tsukimi_v1_InstanceLoad | null);
  'device'?: (_tsukimi_v1_DeviceTierUpdate | null);
}

/**
 * What an instance serves. Instances whose block keys would differ (model, block size, hash
 * scheme, tokenizer) cannot share KV blocks.
 */
export interface InstanceDescription__Output {
  'instanceId': (string);
  /**
   * "prefill" or "decode"
   */
  'role': (string);
  'modelId': (string);
  'modelHash': (string);
  'blockSizeTokens': (number);
  'tokenizerId': (string);
  'contextTokens': (number);
  'hashScheme': (string);
  'load': (_tsukimi_v1_InstanceLoad__Output | null);
  'device': (_tsukimi_v1_DeviceTierUpdate__Output | null);
}
