import { type LlamaConfig } from './llama-config';

/** Parts of a transformer block, named as the fields of `LayerWeights`. */
export type LayerTensor = 'attnNorm' | 'wq' | 'wk' | 'wv' | 'wo' | 'ffnNorm' | 'wGate' | 'wUp' | 'wDown';
/** Tensors outside the blocks, named as the fields of `LlamaWeights`. */
export type GlobalTensor = 'tokenEmbedding' | 'outputNorm' | 'output';

export interface LlamaTensorSpec {
  /** GGUF tensor name. */
  readonly name: string;
  /** GGUF dims, fastest first: a row-major [out][in] matrix is [in, out]. */
  readonly dims: readonly number[];
}

const LAYER_TENSOR_SUFFIXES: Readonly<Record<LayerTensor, string>> = {
  attnNorm: 'attn_norm',
  wq: 'attn_q',
  wk: 'attn_k',
  wv: 'attn_v',
  wo: 'attn_output',
  ffnNorm: 'ffn_norm',
  wGate: 'ffn_gate',
  wUp: 'ffn_up',
  wDown: 'ffn_down',
};

export const LAYER_TENSORS = Object.keys(LAYER_TENSOR_SUFFIXES) as readonly LayerTensor[];

export function layerTensorSpecs(config: LlamaConfig, layer: number): Record<LayerTensor, LlamaTensorSpec> {
  const { dim, ffnDim } = config;
  const qDim = config.heads * config.headDim;
  const kvDim = config.kvHeads * config.headDim;
  const dims: Record<LayerTensor, readonly number[]> = {
    attnNorm: [dim],
    wq: [dim, qDim],
    wk: [dim, kvDim],
    wv: [dim, kvDim],
    wo: [qDim, dim],
    ffnNorm: [dim],
    wGate: [dim, ffnDim],
    wUp: [dim, ffnDim],
    wDown: [ffnDim, dim],
  };
  const specs = {} as Record<LayerTensor, LlamaTensorSpec>;
  for (const part of LAYER_TENSORS) specs[part] = { name: `blk.${layer}.${LAYER_TENSOR_SUFFIXES[part]}.weight`, dims: dims[part] };
  return specs;
}

export function globalTensorSpecs(config: LlamaConfig): Record<GlobalTensor, LlamaTensorSpec> {
  return {
    tokenEmbedding: { name: 'token_embd.weight', dims: [config.dim, config.vocabSize] },
    outputNorm: { name: 'output_norm.weight', dims: [config.dim] },
    output: { name: 'output.weight', dims: [config.dim, config.vocabSize] },
  };
}
