// Original file: libs/proto/proto/tsukimi/v1/decode.proto

import type { TokenReuse as _tsukimi_v1_TokenReuse, TokenReuse__Output as _tsukimi_v1_TokenReuse__Output } from '../../tsukimi/v1/TokenReuse';

/**
 * Sent once, when the request has joined the batch.
 */
export interface DecodeStarted {
  'instanceId'?: (string);
  /**
   * prompt tokens whose KV came from blocks (own memory or pool)
   */
  'loadedTokens'?: (number);
  /**
   * prompt tokens recomputed here (the partial last block, missing blocks)
   */
  'computedTokens'?: (number);
  /**
   * blocks pulled from the pool
   */
  'fetchedBlocks'?: (number);
  /**
   * loaded_tokens by the tier their blocks came from
   */
  'reused'?: (_tsukimi_v1_TokenReuse | null);
}

/**
 * Sent once, when the request has joined the batch.
 */
export interface DecodeStarted__Output {
  'instanceId': (string);
  /**
   * prompt tokens whose KV came from blocks (own memory or pool)
   */
  'loadedTokens': (number);
  /**
   * prompt tokens recomputed here (the partial last block, missing blocks)
   */
  'computedTokens': (number);
  /**
   * blocks pulled from the pool
   */
  'fetchedBlocks': (number);
  /**
   * loaded_tokens by the tier their blocks came from
   */
  'reused': (_tsukimi_v1_TokenReuse__Output | null);
}
