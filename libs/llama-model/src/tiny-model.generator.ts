import { expectOk, type Result } from '@tsukimi/result';
import { GgmlType, gguf, type GgufTensorInput, type GgufValue, writeGguf } from '@tsukimi/gguf';
import { BYTE_VOCAB } from '@tsukimi/engine';
import { type LlamaConfig, type LlamaConfigError, llamaConfigMetadata, validateLlamaConfig } from './llama-config';
import { globalTensorSpecs, LAYER_TENSORS, type LayerTensor, layerTensorSpecs, type LlamaTensorSpec } from './llama-tensors';
import { MODEL_NAME_KEY } from './llama-config';
import { SeededRandom } from './seeded-random';
import { byteVocabMetadata } from './tiny-model.vocab';

export interface TinyModelOptions {
  readonly seed: number;
  readonly dim: number;
  readonly layers: number;
  readonly heads: number;
  readonly kvHeads: number;
  readonly ffnDim: number;
  readonly contextTokens: number;
  /** Storage of the matrices; norm weights stay F32, as in llama.cpp's F16 files. */
  readonly weightType: 'f32' | 'f16';
}

export const TINY_MODEL_DEFAULTS: TinyModelOptions = {
  seed: 1,
  dim: 64,
  layers: 2,
  heads: 4,
  kvHeads: 2,
  ffnDim: 192,
  contextTokens: 2048,
  weightType: 'f32',
};

/**
 * Standard deviation of the logits for a unit-RMS final hidden state. Near 2.5 the next-token
 * distribution over 259 tokens is peaked but not one-hot (top-1 typically 0.1–0.6).
 */
export const TINY_MODEL_LOGIT_STD = 2.5;
const NORM_NOISE_STD = 0.1;
const LLAMA_FTYPE = { f32: 0, f16: 1 } as const;

/** Distinct options give distinct ids, which also seed the KV block hashes. */
export function tinyModelId(options: Partial<TinyModelOptions> = {}): string {
  const o = { ...TINY_MODEL_DEFAULTS, ...options };
  return `tsukimi-tiny-d${o.dim}-l${o.layers}-h${o.heads}-kv${o.kvHeads}-ff${o.ffnDim}-ctx${o.contextTokens}-${o.weightType}-s${o.seed}`;
}

export function tinyModelConfig(options: Partial<TinyModelOptions> = {}): Result<LlamaConfig, LlamaConfigError> {
  const o = { ...TINY_MODEL_DEFAULTS, ...options };
  return validateLlamaConfig({
    vocabSize: BYTE_VOCAB.size,
    dim: o.dim,
    layers: o.layers,
    heads: o.heads,
    kvHeads: o.kvHeads,
    headDim: o.dim / o.heads,
    ffnDim: o.ffnDim,
    contextTokens: o.contextTokens,
    rmsEps: 1e-5,
    ropeBase: 10000,
  });
}

/**
 * GGUF bytes of a small Llama with seeded weights and the byte-level vocabulary; the same
 * options give the same bytes. Throws on options that describe no valid model (a caller bug;
 * check them first with `tinyModelConfig`).
 */
export function generateTinyModel(options: Partial<TinyModelOptions> = {}): Uint8Array {
  const o = { ...TINY_MODEL_DEFAULTS, ...options };
  const config = expectOk(tinyModelConfig(o), 'tiny model options');
  const random = new SeededRandom(o.seed);
  const matrixType = o.weightType === 'f16' ? GgmlType.F16 : GgmlType.F32;
  const tensor = (spec: LlamaTensorSpec, data: Float32Array, type = matrixType): GgufTensorInput => ({ ...spec, data, type });
  const linear = (spec: LlamaTensorSpec): GgufTensorInput => tensor(spec, random.normals(size(spec), 0, 1 / Math.sqrt(spec.dims[0] ?? 1)));
  const norm = (spec: LlamaTensorSpec): GgufTensorInput => tensor(spec, random.normals(size(spec), 1, NORM_NOISE_STD), GgmlType.F32);

  const global = globalTensorSpecs(config);
  const tensors: GgufTensorInput[] = [tensor(global.tokenEmbedding, random.normals(size(global.tokenEmbedding), 0, 1))];
  const norms: ReadonlySet<LayerTensor> = new Set(['attnNorm', 'ffnNorm']);
  for (let layer = 0; layer < config.layers; layer++) {
    const specs = layerTensorSpecs(config, layer);
    for (const part of LAYER_TENSORS) tensors.push(norms.has(part) ? norm(specs[part]) : linear(specs[part]));
  }
  tensors.push(norm(global.outputNorm));
  tensors.push(tensor(global.output, random.normals(size(global.output), 0, TINY_MODEL_LOGIT_STD / Math.sqrt(config.dim))));

  const metadata = new Map<string, GgufValue>([
    ['general.architecture', gguf.str('llama')],
    [MODEL_NAME_KEY, gguf.str(tinyModelId(o))],
    ['general.alignment', gguf.u32(32)],
    ['general.file_type', gguf.u32(LLAMA_FTYPE[o.weightType])],
    ...llamaConfigMetadata(config),
    ...byteVocabMetadata(),
  ]);
  return expectOk(writeGguf({ metadata, tensors }), 'tiny model GGUF');
}

function size(spec: LlamaTensorSpec): number {
  return spec.dims.reduce((a, b) => a * b, 1);
}
