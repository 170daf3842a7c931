// Original file: libs/proto/proto/tsukimi/v1/common.proto

import type { TokenLogprob as _tsukimi_v1_TokenLogprob, TokenLogprob__Output as _tsukimi_v1_TokenLogprob__Output } from '../../tsukimi/v1/TokenLogprob';

/**
 * One generated token and the text it made showable. finish_reason is "" until the last token,
 * then "stop" or "length". logprob and top_logprobs are set only when has_logprob is.
 */
export interface GeneratedToken {
  'token'?: (number);
  'text'?: (string);
  'finishReason'?: (string);
  'hasLogprob'?: (boolean);
  /**
   * may be -infinity
   */
  'logprob'?: (number | string);
  /**
   * most likely first
   */
  'topLogprobs'?: (_tsukimi_v1_TokenLogprob)[];
}

/**
 * One generated token and the text it made showable. finish_reason is "" until the last token,
 * then "stop" or "length". logprob and top_logprobs are set only when has_logprob is.
 */
export interface GeneratedToken__Output {
  'token': (number);
  'text': (string);
  'finishReason': (string);
  'hasLogprob': (boolean);
  /**
   * may be -infinity
   */
  'logprob': (number);
  /**
   * most likely first
   */
  'topLogprobs': (_tsukimi_v1_TokenLogprob__Output)[];
}
