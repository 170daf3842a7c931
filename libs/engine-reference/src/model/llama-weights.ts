import { err, ok, type Result } from '@tsukimi/result';
import { findTensor, getString, type GgufFile, type GgufMetadata, readGguf, readTensorData } from '@tsukimi/gguf';
import { globalTensorSpecs, LAYER_TENSORS, type LayerTensor, layerTensorSpecs, type LlamaConfig, llamaConfigFromMetadata, type LlamaTensorSpec, MODEL_NAME_KEY } from '@tsukimi/llama-model';
import { invalidGguf, type ModelLoadError } from './llama-model.errors';

export { type ModelLoadError } from './llama-model.errors';

/** Weights of one transformer block; matrices are row-major [out][in], which is GGUF's layout with dims [in, out]. */
export interface LayerWeights extends Record<LayerTensor, Float32Array> {
  readonly attnNorm: Float32Array;
  /** [heads*headDim][dim] */
  readonly wq: Float32Array;
  /** [kvHeads*headDim][dim] */
  readonly wk: Float32Array;
  /** [kvHeads*headDim][dim] */
  readonly wv: Float32Array;
  /** [dim][heads*headDim] */
  readonly wo: Float32Array;
  readonly ffnNorm: Float32Array;
  /** [ffnDim][dim] */
  readonly wGate: Float32Array;
  /** [ffnDim][dim] */
  readonly wUp: Float32Array;
  /** [dim][ffnDim] */
  readonly wDown: Float32Array;
}

export interface LlamaWeights {
  /** [vocab][dim] */
  readonly tokenEmbedding: Float32Array;
  readonly layers: readonly LayerWeights[];
  readonly outputNorm: Float32Array;
  /** [vocab][dim] */
  readonly output: Float32Array;
}

export interface LlamaModel {
  readonly config: LlamaConfig;
  readonly weights: LlamaWeights;
  readonly metadata: GgufMetadata;
  /** `general.name`. */
  readonly modelId: string;
}


/** Parses a `llama` GGUF (F32 or F16 weights) into floats, checking every tensor's dims against the config. */
export function loadLlamaModel(bytes: Uint8Array): Result<LlamaModel, ModelLoadError> {
  const file = readGguf(bytes);
  if (!file.ok) return err(invalidGguf(file.error));
  const { metadata } = file.value;
  const config = llamaConfigFromMetadata(metadata);
  if (!config.ok) return config;
  const modelId = getString(metadata, MODEL_NAME_KEY);
  if (!modelId.ok) return modelId;
  const weights = loadLlamaWeights(file.value, config.value);
  if (!weights.ok) return weights;
  return ok({ config: config.value, weights: weights.value, metadata, modelId: modelId.value });
}

/** Without `output.weight` the output projection is tied to the token embedding, as llama.cpp does. */
export function loadLlamaWeights(file: GgufFile, config: LlamaConfig): Result<LlamaWeights, ModelLoadError> {
  const global = globalTensorSpecs(config);
  const tokenEmbedding = loadTensor(file, global.tokenEmbedding);
  if (!tokenEmbedding.ok) return tokenEmbedding;
  const layers: LayerWeights[] = [];
  for (let layer = 0; layer < config.layers; layer++) {
    const specs = layerTensorSpecs(config, layer);
    const weights: Partial<Record<LayerTensor, Float32Array>> = {};
    for (const part of LAYER_TENSORS) {
      const tensor = loadTensor(file, specs[part]);
      if (!tensor.ok) return tensor;
      weights[part] = tensor.value;
    }
    layers.push(weights as LayerWeights);
  }
  const outputNorm = loadTensor(file, global.outputNorm);
  if (!outputNorm.ok) return outputNorm;
  const output = findTensor(file, global.output.name) ? loadTensor(file, global.output) : tokenEmbedding;
  if (!output.ok) return output;
  return ok({ tokenEmbedding: tokenEmbedding.value, layers, outputNorm: outputNorm.value, output: output.value });
}

function loadTensor(file: GgufFile, spec: LlamaTensorSpec): Result<Float32Array, ModelLoadError> {
  const info = findTensor(file, spec.name);
  if (info === undefined) return err({ kind: 'missing-tensor', tensor: spec.name, message: `tensor '${spec.name}' is missing` });
  if (info.dims.length !== spec.dims.length || info.dims.some((d, i) => d !== spec.dims[i])) {
    return err({
      kind: 'tensor-shape',
      tensor: spec.name,
      expected: spec.dims,
      found: info.dims,
      message: `tensor '${spec.name}' has dims [${info.dims.join(', ')}], expected [${spec.dims.join(', ')}]`,
    });
  }
  const data = readTensorData(file, info);
  if (data.ok) return data;
  if (data.error.kind === 'unsupported-tensor-type') {
    return err({ kind: 'unsupported-tensor-type', tensor: spec.name, ggmlType: data.error.ggmlType, message: data.error.message });
  }
  return err(invalidGguf(data.error));
}
