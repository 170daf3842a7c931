// Original file: libs/proto/proto/tsukimi/v1/prefill.proto


export interface WarmReply {
  'instanceId'?: (string);
  /**
   * leading blocks of the prefix in the instance's memory now
   */
  'heldBlocks'?: (number);
  /**
   * of them, read from the pool by this call
   */
  'loadedBlocks'?: (number);
  /**
   * read but refused (checksum, model or layout)
   */
  'refusedBlocks'?: (number);
}

export interface WarmReply__Output {
  'instanceId': (string);
  /**
   * leading blocks of the prefix in the instance's memory now
   */
  'heldBlocks': (number);
  /**
   * of them, read from the pool by this call
   */
  'loadedBlocks': (number);
  /**
   * read but refused (checksum, model or layout)
   */
  'refusedBlocks': (number);
}
