// Original file: libs/proto/proto/tsukimi/v1/common.proto

import type { Long } from '@grpc/proto-loader';

/**
 * How the next token is chosen; a pure function of (logits, params, step), so prefill
 * (step 0) and decode (steps 1..) on different instances sample consistently.
 */
export interface SamplingParams {
  /**
   * 0 = greedy
   */
  'temperature'?: (number | string);
  /**
   * 1 = off
   */
  'topP'?: (number | string);
  /**
   * 0 = off
   */
  'topK'?: (number);
  'seed'?: (number | string | Long);
}

/**
 * How the next token is chosen; a pure function of (logits, params, step), so prefill
 * (step 0) and decode (steps 1..) on different instances sample consistently.
 */
export interface SamplingParams__Output {
  /**
   * 0 = greedy
   */
  'temperature': (number);
  /**
   * 1 = off
   */
  'topP': (number);
  /**
   * 0 = off
   */
  'topK': (number);
  'seed': (number);
}
