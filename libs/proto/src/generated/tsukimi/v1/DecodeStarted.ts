// Original file: libs/proto/proto/tsukimi/v1/decode.proto


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
}
