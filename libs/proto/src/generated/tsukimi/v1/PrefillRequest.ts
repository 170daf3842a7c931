// Original file: libs/proto/proto/tsukimi/v1/prefill.proto

import type { GenerationParams as _tsukimi_v1_GenerationParams, GenerationParams__Output as _tsukimi_v1_GenerationParams__Output } from '../../tsukimi/v1/GenerationParams';
import type { PrefillPlan as _tsukimi_v1_PrefillPlan, PrefillPlan__Output as _tsukimi_v1_PrefillPlan__Output } from '../../tsukimi/v1/PrefillPlan';

export interface PrefillRequest {
  'requestId'?: (string);
  'promptTokens'?: (number)[];
  'tenantSalt'?: (string);
  'generation'?: (_tsukimi_v1_GenerationParams | null);
  /**
   * The conductor's index shows the pool holds no more of this prompt than the instance itself:
   * skip the pool lookup (every read but one from a node the plan names). A stale index only
   * costs a recompute, never a wrong token.
   */
  'skipPoolFetch'?: (boolean);
  /**
   * A LoRA adapter the instance has loaded (its Describe lists it); empty for the base model.
   */
  'adapter'?: (string);
  /**
   * What the scheduler decided for the prompt's KV; absent: reuse whatever the pool holds.
   */
  'plan'?: (_tsukimi_v1_PrefillPlan | null);
  /**
   * W3C trace context (`traceparent`) of the conductor's prefill span, for a transport without
   * call metadata (the relay); empty when the request is not traced.
   */
  'traceparent'?: (string);
}

export interface PrefillRequest__Output {
  'requestId': (string);
  'promptTokens': (number)[];
  'tenantSalt': (string);
  'generation': (_tsukimi_v1_GenerationParams__Output | null);
  /**
   * The conductor's index shows the pool holds no more of this prompt than the instance itself:
   * skip the pool lookup (every read but one from a node the plan names). A stale index only
   * costs a recompute, never a wrong token.
   */
  'skipPoolFetch': (boolean);
  /**
   * A LoRA adapter the instance has loaded (its Describe lists it); empty for the base model.
   */
  'adapter': (string);
  /**
   * What the scheduler decided for the prompt's KV; absent: reuse whatever the pool holds.
   */
  'plan': (_tsukimi_v1_PrefillPlan__Output | null);
  /**
   * W3C trace context (`traceparent`) of the conductor's prefill span, for a transport without
   * call metadata (the relay); empty when the request is not traced.
   */
  'traceparent': (string);
}
