// Original file: libs/proto/proto/tsukimi/v1/common.proto

import type { SamplingParams as _tsukimi_v1_SamplingParams, SamplingParams__Output as _tsukimi_v1_SamplingParams__Output } from '../../tsukimi/v1/SamplingParams';

export interface GenerationParams {
  'sampling'?: (_tsukimi_v1_SamplingParams | null);
  'maxTokens'?: (number);
  'stop'?: (string)[];
  'ignoreEos'?: (boolean);
}

export interface GenerationParams__Output {
  'sampling': (_tsukimi_v1_SamplingParams__Output | null);
  'maxTokens': (number);
  'stop': (string)[];
  'ignoreEos': (boolean);
}
