// Original file: libs/proto/proto/tsukimi/v1/decode.proto


export interface PrefetchRequest {
  'requestId'?: (string);
  /**
   * The prompt's full block keys, in order, as the conductor computed them for this instance's model.
   * The instance keys `prompt_tokens` itself and prefetches nothing unless the keys agree.
   */
  'blockKeys'?: (string)[];
  /**
   * The prompt, as the request's Decode will carry it: the instance derives each block's digest from
   * it and refuses a block whose header carries another (a colliding key holding another prompt's KV).
   */
  'promptTokens'?: (number)[];
  'tenantSalt'?: (string);
  /**
   * A LoRA adapter the instance has loaded; empty for the base model.
   */
  'adapter'?: (string);
}

export interface PrefetchRequest__Output {
  'requestId': (string);
  /**
   * The prompt's full block keys, in order, as the conductor computed them for this instance's model.
   * The instance keys `prompt_tokens` itself and prefetches nothing unless the keys agree.
   */
  'blockKeys': (string)[];
  /**
   * The prompt, as the request's Decode will carry it: the instance derives each block's digest from
   * it and refuses a block whose header carries another (a colliding key holding another prompt's KV).
   */
  'promptTokens': (number)[];
  'tenantSalt': (string);
  /**
   * A LoRA adapter the instance has loaded; empty for the base model.
   */
  'adapter': (string);
}
