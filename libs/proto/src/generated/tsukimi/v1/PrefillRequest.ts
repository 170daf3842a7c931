// Original file: libs/proto/proto/tsukimi/v1/prefill.proto

import type { GenerationParams as _tsukimi_v1_GenerationParams, GenerationParams__Output as _tsukimi_v1_GenerationParams__Output } from '../../tsukimi/v1/GenerationParams';

export interface PrefillRequest {
  'requestId'?: (string);
  'promptTokens'?: (number)[];
  'tenantSalt'?: (string);
  'generation'?: (_tsukimi_v1_GenerationParams | null);
}

export interface PrefillRequest__Output {
  'requestId': (string);
  'promptTokens': (number)[];
  'tenantSalt': (string);
  'generation': (_tsukimi_v1_GenerationParams__Output | null);
}
