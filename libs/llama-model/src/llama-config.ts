import { err, ok, type Result } from '@tsukimi/result';
import { getInteger, getNumber, getString, getStringArray, gguf, type GgufMetadata, type GgufValue, type MetadataError } from '@tsukimi/gguf';

/** Shape and constants of a Llama-architecture transformer (RMSNorm, RoPE on adjacent pairs, GQA, SwiGLU). */
export interface LlamaConfig {
  readonly vocabSize: number;
  readonly dim: number;
  readonly layers: number;
  readonly heads: number;
  readonly kvHeads: number;
  readonly headDim: number;
  readonly ffnDim: number;
  readonly contextTokens: number;
  readonly rmsEps: number;
  readonly ropeBase: number;
}

export interface LlamaConfigError {
  readonly kind: 'invalid-config';
  readonly field: keyof LlamaConfig;
  readonly message: string;
}

export interface UnsupportedArchitectureError {
  readonly kind: 'unsupported-architecture';
  readonly architecture: string;
  readonly message: string;
}

export const LLAMA_KEYS = {
  architecture: 'general.architecture',
  vocabSize: 'llama.vocab_size',
  dim: 'llama.embedding_length',
  layers: 'llama.block_count',
  heads: 'llama.attention.head_count',
  kvHeads: 'llama.attention.head_count_kv',
  headDim: 'llama.rope.dimension_count',
  ffnDim: 'llama.feed_forward_length',
  contextTokens: 'llama.context_length',
  rmsEps: 'llama.attention.layer_norm_rms_epsilon',
  ropeBase: 'llama.rope.freq_base',
  tokens: 'tokenizer.ggml.tokens',
} as const;

const INTEGER_FIELDS = ['vocabSize', 'dim', 'layers', 'heads', 'kvHeads', 'headDim', 'ffnDim', 'contextTokens'] as const;

function invalid(field: keyof LlamaConfig, why: string): Result<never, LlamaConfigError> {
  return err({ kind: 'invalid-config', field, message: `llama config ${field}: ${why}` });
}

export function validateLlamaConfig(config: LlamaConfig): Result<LlamaConfig, LlamaConfigError> {
  for (const field of INTEGER_FIELDS) {
    const value = config[field];
    if (!Number.isSafeInteger(value) || value <= 0) return invalid(field, `${value} is not a positive integer`);
  }
  if (config.dim !== config.heads * config.headDim) return invalid('dim', `${config.dim} is not heads (${config.heads}) × headDim (${config.headDim})`);
  if (config.heads % config.kvHeads !== 0) return invalid('kvHeads', `heads (${config.heads}) is not a multiple of kvHeads (${config.kvHeads})`);
  if (config.headDim % 2 !== 0) return invalid('headDim', `${config.headDim} is odd; RoPE rotates pairs`);
  if (!Number.isFinite(config.rmsEps) || config.rmsEps <= 0) return invalid('rmsEps', `${config.rmsEps} is not a positive number`);
  if (!Number.isFinite(config.ropeBase) || config.ropeBase <= 0) return invalid('ropeBase', `${config.ropeBase} is not a positive number`);
  return ok(config);
}

/**
 * The config of a `llama` GGUF. As in llama.cpp, a missing head_count_kv means no grouping,
 * a missing rope.dimension_count means dim / heads, a missing rope.freq_base means 10000 and
 * a missing vocab_size means the length of the token list.
 */
export function llamaConfigFromMetadata(
  meta: GgufMetadata,
): Result<LlamaConfig, MetadataError | LlamaConfigError | UnsupportedArchitectureError> {
  const architecture = getString(meta, LLAMA_KEYS.architecture);
  if (!architecture.ok) return architecture;
  if (architecture.value !== 'llama') {
    return err({ kind: 'unsupported-architecture', architecture: architecture.value, message: `architecture '${architecture.value}' is not llama` });
  }
  const required = { dim: 0, layers: 0, heads: 0, ffnDim: 0, contextTokens: 0 };
  for (const field of Object.keys(required) as (keyof typeof required)[]) {
    const value = getInteger(meta, LLAMA_KEYS[field]);
    if (!value.ok) return value;
    required[field] = value.value;
  }
  const rmsEps = getNumber(meta, LLAMA_KEYS.rmsEps);
  if (!rmsEps.ok) return rmsEps;
  const kvHeads = optional(getInteger, meta, LLAMA_KEYS.kvHeads, required.heads);
  if (!kvHeads.ok) return kvHeads;
  const headDim = optional(getInteger, meta, LLAMA_KEYS.headDim, required.dim / required.heads);
  if (!headDim.ok) return headDim;
  const ropeBase = optional(getNumber, meta, LLAMA_KEYS.ropeBase, 10000);
  if (!ropeBase.ok) return ropeBase;
  const vocabSize = meta.has(LLAMA_KEYS.vocabSize) ? getInteger(meta, LLAMA_KEYS.vocabSize) : tokenCount(meta);
  if (!vocabSize.ok) return vocabSize;
  return validateLlamaConfig({
    ...required,
    vocabSize: vocabSize.value,
    kvHeads: kvHeads.value,
    headDim: headDim.value,
    rmsEps: rmsEps.value,
    ropeBase: ropeBase.value,
  });
}

function optional(
  get: (meta: GgufMetadata, key: string) => Result<number, MetadataError>,
  meta: GgufMetadata,
  key: string,
  fallback: number,
): Result<number, MetadataError> {
  return meta.has(key) ? get(meta, key) : ok(fallback);
}

function tokenCount(meta: GgufMetadata): Result<number, MetadataError> {
  if (!meta.has(LLAMA_KEYS.tokens)) return err({ kind: 'missing-key', key: LLAMA_KEYS.vocabSize, message: `metadata key '${LLAMA_KEYS.vocabSize}' is missing` });
  const tokens = getStringArray(meta, LLAMA_KEYS.tokens);
  return tokens.ok ? ok(tokens.value.length) : tokens;
}

/** The `llama.*` metadata entries that `llamaConfigFromMetadata` reads back as `config`. */
export function llamaConfigMetadata(config: LlamaConfig): [string, GgufValue][] {
  return [
    [LLAMA_KEYS.contextTokens, gguf.u32(config.contextTokens)],
    [LLAMA_KEYS.dim, gguf.u32(config.dim)],
    [LLAMA_KEYS.layers, gguf.u32(config.layers)],
    [LLAMA_KEYS.ffnDim, gguf.u32(config.ffnDim)],
    [LLAMA_KEYS.heads, gguf.u32(config.heads)],
    [LLAMA_KEYS.kvHeads, gguf.u32(config.kvHeads)],
    [LLAMA_KEYS.headDim, gguf.u32(config.headDim)],
    [LLAMA_KEYS.rmsEps, gguf.f32(config.rmsEps)],
    [LLAMA_KEYS.ropeBase, gguf.f32(config.ropeBase)],
    [LLAMA_KEYS.vocabSize, gguf.u32(config.vocabSize)],
  ];
}

/** The GGUF key naming the model; its value is the model id. */
export const MODEL_NAME_KEY = 'general.name';
