export {
  type LlamaConfig,
  type LlamaConfigError,
  type UnsupportedArchitectureError,
  LLAMA_KEYS,
  MODEL_NAME_KEY,
  validateLlamaConfig,
  llamaConfigFromMetadata,
  llamaConfigMetadata,
} from './llama-config';
export { type LlamaTensorSpec, type LayerTensor, type GlobalTensor, LAYER_TENSORS, layerTensorSpecs, globalTensorSpecs } from './llama-tensors';
export { SeededRandom } from './seeded-random';
export { byteVocabMetadata, gpt2ByteStrings, SPECIAL_TOKEN_TEXT } from './tiny-model.vocab';
export {
  type TinyModelOptions,
  TINY_MODEL_DEFAULTS,
  TINY_MODEL_LOGIT_STD,
  tinyModelId,
  tinyModelConfig,
  generateTinyModel,
} from './tiny-model.generator';
export {
  type TinyLoraOptions,
  type LoraTarget,
  type InvalidLoraOption,
  type TinyLoraError,
  TINY_LORA_DEFAULTS,
  LORA_KEYS,
  generateTinyLora,
} from './tiny-lora.generator';
