// Original file: libs/proto/proto/tsukimi/v1/decode.proto

import type { GenerationParams as _tsukimi_v1_GenerationParams, GenerationParams__Output as _tsukimi_v1_GenerationParams__Output } from '../../tsukimi/v1/GenerationParams';

export interface DecodeRequest {
  'requestId'?: (string);
  'promptTokens'?: (number)[];
  'tenantSalt'?: (string);
  'generation'?: (_tsukimi_v1_GenerationParams | null);
  /**
   * The token prefill sampled (step 0); decode continues at step 1.
   */
  'firstToken'?: (number);
  /**
   * The KV handle from prefill: keys of the prompt's full blocks, in order.
   */
  'blockKeys'?: (string)[];
  /**
   * A LoRA adapter the instance has loaded (its Describe lists it); empty for the base model.
   */
  'adapter'?: (string);
  /**
   * No prefill instance ran: the instance computes the prompt itself (loading what blocks it can),
   * samples the first token and streams it first; `first_token` is ignored.
   */
  'computePrompt'?: (boolean);
  /**
   * Tokens generated after `first_token` and already streamed by a decode instance that went away
   * mid-stream: this instance recomputes their KV after the prompt's, replays them into the
   * generation's state (text, penalties, stop strings) and continues at step 1 + their number, so
   * the output equals an uninterrupted run's. Empty for a fresh request; ignored with compute_prompt.
   */
  'continuedTokens'?: (number)[];
  /**
   * W3C trace context (`traceparent`) of the conductor's decode span, for a transport without
   * call metadata (the token relay); empty when the request is not traced.
   */
  'traceparent'?: (string);
}

export interface DecodeRequest__Output {
  'requestId': (string);
  'promptTokens': (number)[];
  'tenantSalt': (string);
  'generation': (_tsukimi_v1_GenerationParams__Output | null);
  /**
   * The token prefill sampled (step 0); decode continues at step 1.
   */
  'firstToken': (number);
  /**
   * The KV handle from prefill: keys of the prompt's full blocks, in order.
   */
  'blockKeys': (string)[];
  /**
   * A LoRA adapter the instance has loaded (its Describe lists it); empty for the base model.
   */
  'adapter': (string);
  /**
   * No prefill instance ran: the instance computes the prompt itself (loading what blocks it can),
   * samples the first token and streams it first; `first_token` is ignored.
   */
  'computePrompt': (boolean);
  /**
   * Tokens generated after `first_token` and already streamed by a decode instance that went away
   * mid-stream: this instance recomputes their KV after the prompt's, replays them into the
   * generation's state (text, penalties, stop strings) and continues at step 1 + their number, so
   * the output equals an uninterrupted run's. Empty for a fresh request; ignored with compute_prompt.
   */
  'continuedTokens': (number)[];
  /**
   * W3C trace context (`traceparent`) of the conductor's decode span, for a transport without
   * call metadata (the token relay); empty when the request is not traced.
   */
  'traceparent': (string);
}
