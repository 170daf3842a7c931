// Original file: libs/proto/proto/tsukimi/v1/common.proto


/**
 * Where a request's prompt KV came from, in tokens.
 */
export interface TokenReuse {
  /**
   * the instance's own engine memory
   */
  'deviceTokens'?: (number);
  /**
   * a kvpool node's DRAM
   */
  'dramTokens'?: (number);
  /**
   * a kvpool node's SSD
   */
  'ssdTokens'?: (number);
}

/**
 * Where a request's prompt KV came from, in tokens.
 */
export interface TokenReuse__Output {
  /**
   * the instance's own engine memory
   */
  'deviceTokens': (number);
  /**
   * a kvpool node's DRAM
   */
  'dramTokens': (number);
  /**
   * a kvpool node's SSD
   */
  'ssdTokens': (number);
}
