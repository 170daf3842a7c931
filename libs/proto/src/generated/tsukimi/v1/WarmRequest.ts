// Original file: libs/proto/proto/tsukimi/v1/prefill.proto


/**
 * A prefix to hold in memory: its block keys in prompt order, seeded as the prefill call's would be
 * (tenant salt and adapter), and the LoRA adapter they belong to, which the instance must have
 * loaded (empty for the base model). The instance keys `prompt_tokens` itself (INVALID_ARGUMENT
 * unless the keys agree) and derives each block's digest from them, refusing a block whose header
 * carries another (a colliding key holding another prompt's KV).
 */
export interface WarmRequest {
  'blockKeys'?: (string)[];
  'adapter'?: (string);
  /**
   * The prefix's tokens: the blocks' worth (tokens past them are not looked at).
   */
  'promptTokens'?: (number)[];
  'tenantSalt'?: (string);
}

/**
 * A prefix to hold in memory: its block keys in prompt order, seeded as the prefill call's would be
 * (tenant salt and adapter), and the LoRA adapter they belong to, which the instance must have
 * loaded (empty for the base model). The instance keys `prompt_tokens` itself (INVALID_ARGUMENT
 * unless the keys agree) and derives each block's digest from them, refusing a block whose header
 * carries another (a colliding key holding another prompt's KV).
 */
export interface WarmRequest__Output {
  'blockKeys': (string)[];
  'adapter': (string);
  /**
   * The prefix's tokens: the blocks' worth (tokens past them are not looked at).
   */
  'promptTokens': (number)[];
  'tenantSalt': (string);
}
