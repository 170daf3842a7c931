// Original file: libs/proto/proto/tsukimi/v1/common.proto

import type { InstanceLoad as _tsukimi_v1_InstanceLoad, InstanceLoad__Output as _tsukimi_v1_InstanceLoad__Output } from '../../tsukimi/v1/InstanceLoad';
import type { DeviceTierUpdate as _tsukimi_v1_DeviceTierUpdate, DeviceTierUpdate__Output as _tsukimi_v1_DeviceTierUpdate__Output } from '../../tsukimi/v1/DeviceTierUpdate';
import type { PrefillTiming as _tsukimi_v1_PrefillTiming, PrefillTiming__Output as _tsukimi_v1_PrefillTiming__Output } from '../../tsukimi/v1/PrefillTiming';
import type { DecodeStepTiming as _tsukimi_v1_DecodeStepTiming, DecodeStepTiming__Output as _tsukimi_v1_DecodeStepTiming__Output } from '../../tsukimi/v1/DecodeStepTiming';
import type { AdapterInfo as _tsukimi_v1_AdapterInfo, AdapterInfo__Output as _tsukimi_v1_AdapterInfo__Output } from '../../tsukimi/v1/AdapterInfo';

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
  /**
   * The engine timed at start on a small grid, for the conductor's estimators.
   */
  'prefillTimings'?: (_tsukimi_v1_PrefillTiming)[];
  'decodeTimings'?: (_tsukimi_v1_DecodeStepTiming)[];
  /**
   * One encoded block (header and KV of every layer): what moving a block costs.
   */
  'blockBytes'?: (number);
  /**
   * LoRA adapters a request may name (`model_id:name`); their blocks are keyed apart (see AdapterInfo.id).
   */
  'adapters'?: (_tsukimi_v1_AdapterInfo)[];
  /**
   * The port of the relay serving the instance's streams (Decode, or Prefill) on its host
   * (length-prefixed frames over one TCP connection per conductor); 0: gRPC only.
   */
  'relayPort'?: (number);
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
  /**
   * The engine timed at start on a small grid, for the conductor's estimators.
   */
  'prefillTimings': (_tsukimi_v1_PrefillTiming__Output)[];
  'decodeTimings': (_tsukimi_v1_DecodeStepTiming__Output)[];
  /**
   * One encoded block (header and KV of every layer): what moving a block costs.
   */
  'blockBytes': (number);
  /**
   * LoRA adapters a request may name (`model_id:name`); their blocks are keyed apart (see AdapterInfo.id).
   */
  'adapters': (_tsukimi_v1_AdapterInfo__Output)[];
  /**
   * The port of the relay serving the instance's streams (Decode, or Prefill) on its host
   * (length-prefixed frames over one TCP connection per conductor); 0: gRPC only.
   */
  'relayPort': (number);
}
