// Original file: libs/proto/proto/tsukimi/v1/prefill.proto

import type { GeneratedToken as _tsukimi_v1_GeneratedToken, GeneratedToken__Output as _tsukimi_v1_GeneratedToken__Output } from '../../tsukimi/v1/GeneratedToken';
import type { TokenReuse as _tsukimi_v1_TokenReuse, TokenReuse__Output as _tsukimi_v1_TokenReuse__Output } from '../../tsukimi/v1/TokenReuse';
import type { PlanOutcome as _tsukimi_v1_PlanOutcome, PlanOutcome__Output as _tsukimi_v1_PlanOutcome__Output } from '../../tsukimi/v1/PlanOutcome';

export interface PrefillReply {
  'instanceId'?: (string);
  'first'?: (_tsukimi_v1_GeneratedToken | null);
  /**
   * Keys of every full prompt block, in order (the KV handle); in the pool once `stored` arrives.
   */
  'blockKeys'?: (string)[];
  'promptTokens'?: (number);
  'computedTokens'?: (number);
  'reused'?: (_tsukimi_v1_TokenReuse | null);
  'queueMs'?: (number | string);
  'computeMs'?: (number | string);
  'transferMs'?: (number | string);
  'planOutcome'?: (_tsukimi_v1_PlanOutcome | null);
}

export interface PrefillReply__Output {
  'instanceId': (string);
  'first': (_tsukimi_v1_GeneratedToken__Output | null);
  /**
   * Keys of every full prompt block, in order (the KV handle); in the pool once `stored` arrives.
   */
  'blockKeys': (string)[];
  'promptTokens': (number);
  'computedTokens': (number);
  'reused': (_tsukimi_v1_TokenReuse__Output | null);
  'queueMs': (number);
  'computeMs': (number);
  'transferMs': (number);
  'planOutcome': (_tsukimi_v1_PlanOutcome__Output | null);
}
