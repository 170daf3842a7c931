// Original file: libs/proto/proto/tsukimi/v1/common.proto


/**
 * A LoRA adapter an instance has loaded onto its model.
 */
export interface AdapterInfo {
  'name'?: (string);
  /**
   * Digest of the adapter file and its scale; block keys of its sequences are seeded with
   * "<model_id>+lora:<id>" in place of the model id.
   */
  'id'?: (string);
}

/**
 * A LoRA adapter an instance has loaded onto its model.
 */
export interface AdapterInfo__Output {
  'name': (string);
  /**
   * Digest of the adapter file and its scale; block keys of its sequences are seeded with
   * "<model_id>+lora:<id>" in place of the model id.
   */
  'id': (string);
}
