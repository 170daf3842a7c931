export {
  GgufType,
  GgmlType,
  type GgufNumberType,
  type GgufBigIntType,
  type GgufValue,
  type GgufArrayValue,
  type GgufMetadata,
  type GgmlFloatType,
  type GgufTensorInfo,
  type GgufFile,
  ggufTypeName,
} from './gguf/gguf.types';
export { type GgufError, type GgufWriteError } from './gguf/gguf.errors';
export { gguf } from './gguf/gguf-value.builders';
export {
  type MetadataError,
  getU8,
  getI8,
  getU16,
  getI16,
  getU32,
  getI32,
  getF32,
  getF64,
  getU64,
  getI64,
  getBool,
  getString,
  getInteger,
  getNumber,
  getArray,
  getStringArray,
} from './gguf/gguf-metadata.getters';
export { readGguf } from './gguf/gguf.reader';
export { findTensor, readTensor, readTensorData } from './gguf/gguf-tensor.reader';
export { writeGguf, type GgufTensorInput, type GgufWriteInput } from './gguf/gguf.writer';
export { f32ToF16Bits, f16BitsToF32, encodeF16, decodeF16 } from './gguf/f16.codec';
export {
  type LlamaConfig,
  type LlamaConfigError,
  type UnsupportedArchitectureError,
  LLAMA_KEYS,
  validateLlamaConfig,
  llamaConfigFromMetadata,
  llamaConfigMetadata,
} from './model/llama-config';
export { type LlamaTensorSpec, type LayerTensor, type GlobalTensor, layerTensorSpecs, globalTensorSpecs } from './model/llama-tensors';
export { type ModelLoadError } from './model/llama-model.errors';
export { type LayerWeights, type LlamaWeights, type LlamaModel, loadLlamaModel, loadLlamaWeights } from './model/llama-weights';
export { SeededRandom } from './model/seeded-random';
export { gpt2ByteStrings, SPECIAL_TOKEN_TEXT } from './model/tiny-model.vocab';
export {
  type TinyModelOptions,
  TINY_MODEL_DEFAULTS,
  TINY_MODEL_LOGIT_STD,
  tinyModelId,
  tinyModelConfig,
  generateTinyModel,
} from './model/tiny-model.generator';
export { type Tokenizer, type TokenStreamDecoder } from './tokenizer/tokenizer.port';
export { ByteTokenizer, BYTE_VOCAB } from './tokenizer/byte.tokenizer';
export { type SamplingParams, GREEDY } from './sampling/sampling-params';
export { argmax, sampleToken } from './sampling/sampler';
export { StopSequenceMatcher, type StopMatch } from './sampling/stop-sequence.matcher';
export { Generation } from './generation/generation';
export { type GenerationParams, type GeneratedToken, type TokenLogprob, type FinishReason } from './generation/generation-params';
export { type OutputConstraint, type JsonSchema } from '@tsukimi/structured-output';
export { generate, type GenerateOutcome } from './generation/generate';
export { type Engine, type EngineInfo } from './engine.port';
export { type BlockId } from './kv/block-id';
export { type KvArenaObserver, type KvArenaStats, type ArenaFull } from './kv/kv-arena';
export { type Kernels, type AttentionArgs } from './kernels/kernels.port';
export { KernelHeap, type Ptr } from './kernels/kernel-heap';
export { JsKernels } from './kernels/js.kernels';
export { WasmKernels, type KernelShape } from './kernels/wasm/wasm.kernels';
export { type SequenceId } from './reference/kv-sequence';
export { type EngineError, type BlockImportError, type BlockNotCached, type ContextOverflow, type InvalidToken } from './reference/engine.errors';
export {
  ReferenceEngine,
  REFERENCE_ENGINE_DEFAULTS,
  type ReferenceEngineOptions,
  type PrefillOptions,
  type PrefillOutcome,
  type DecodeEntry,
} from './reference/reference.engine';
