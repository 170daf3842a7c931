// Original file: libs/proto/proto/tsukimi/v1/model.proto


/**
 * What a client of an instance needs to speak its model's language without the weights: the
 * GGUF metadata (general.* and tokenizer.*: vocabulary, merges, special tokens, chat template),
 * written as a GGUF file with no tensors. The conductor builds the model's tokenizer and chat
 * template from it, so it never needs the model file.
 */
export interface ModelCard {
  'modelId'?: (string);
  'tokenizerId'?: (string);
  'ggufMetadata'?: (Buffer | Uint8Array | string);
}

/**
 * What a client of an instance needs to speak its model's language without the weights: the
 * GGUF metadata (general.* and tokenizer.*: vocabulary, merges, special tokens, chat template),
 * written as a GGUF file with no tensors. The conductor builds the model's tokenizer and chat
 * template from it, so it never needs the model file.
 */
export interface ModelCard__Output {
  'modelId': (string);
  'tokenizerId': (string);
  'ggufMetadata': (Buffer);
}
