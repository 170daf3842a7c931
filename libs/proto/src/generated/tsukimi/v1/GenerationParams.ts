// Original file: libs/proto/proto/tsukimi/v1/common.proto

import type { SamplingParams as _tsukimi_v1_SamplingParams, SamplingParams__Output as _tsukimi_v1_SamplingParams__Output } from '../../tsukimi/v1/SamplingParams';
import type { LogitBias as _tsukimi_v1_LogitBias, LogitBias__Output as _tsukimi_v1_LogitBias__Output } from '../../tsukimi/v1/LogitBias';
import type { OutputConstraint as _tsukimi_v1_OutputConstraint, OutputConstraint__Output as _tsukimi_v1_OutputConstraint__Output } from '../../tsukimi/v1/OutputConstraint';

/**
 * Every field past ignore_eos has a zero value that leaves sampling as it was without it.
 */
export interface GenerationParams {
  'sampling'?: (_tsukimi_v1_SamplingParams | null);
  'maxTokens'?: (number);
  'stop'?: (string)[];
  'ignoreEos'?: (boolean);
  /**
   * EOS and stop_token_ids cannot end generation before this many tokens
   */
  'minTokens'?: (number);
  /**
   * generating one ends generation
   */
  'stopTokenIds'?: (number)[];
  'logitBias'?: (_tsukimi_v1_LogitBias)[];
  /**
   * -2..2, 0 = off
   */
  'presencePenalty'?: (number | string);
  /**
   * -2..2, 0 = off
   */
  'frequencyPenalty'?: (number | string);
  /**
   * > 0; 0 (unset) and 1 are off
   */
  'repetitionPenalty'?: (number | string);
  /**
   * report each token's logprob ...
   */
  'logprobs'?: (boolean);
  /**
   * ... and this many alternatives (0..20)
   */
  'topLogprobs'?: (number);
  /**
   * unset: free text
   */
  'constraint'?: (_tsukimi_v1_OutputConstraint | null);
}

/**
 * Every field past ignore_eos has a zero value that leaves sampling as it was without it.
 */
export interface GenerationParams__Output {
  'sampling': (_tsukimi_v1_SamplingParams__Output | null);
  'maxTokens': (number);
  'stop': (string)[];
  'ignoreEos': (boolean);
  /**
   * EOS and stop_token_ids cannot end generation before this many tokens
   */
  'minTokens': (number);
  /**
   * generating one ends generation
   */
  'stopTokenIds': (number)[];
  'logitBias': (_tsukimi_v1_LogitBias__Output)[];
  /**
   * -2..2, 0 = off
   */
  'presencePenalty': (number);
  /**
   * -2..2, 0 = off
   */
  'frequencyPenalty': (number);
  /**
   * > 0; 0 (unset) and 1 are off
   */
  'repetitionPenalty': (number);
  /**
   * report each token's logprob ...
   */
  'logprobs': (boolean);
  /**
   * ... and this many alternatives (0..20)
   */
  'topLogprobs': (number);
  /**
   * unset: free text
   */
  'constraint': (_tsukimi_v1_OutputConstraint__Output | null);
}
