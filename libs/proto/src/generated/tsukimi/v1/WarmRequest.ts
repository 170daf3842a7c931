// Original file: libs/proto/proto/tsukimi/v1/prefill.proto


/**
 * A prefix to hold in memory: its block keys in prompt order, seeded as the prefill call's would be
 * (tenant salt and adapter), and the LoRA adapter they belong to, which the instance must have
 * loaded (empty for the base model).
 */
export interface WarmRequest {
  'blockKeys'?: (string)[];
  'adapter'?: (string);
}

/**
 * A prefix to hold in memory: its block keys in prompt order, seeded as the prefill call's would be
 * (tenant salt and adapter), and the LoRA adapter they belong to, which the instance must have
 * loaded (empty for the base model).
 */
export interface WarmRequest__Output {
  'blockKeys': (string)[];
  'adapter': (string);
}
