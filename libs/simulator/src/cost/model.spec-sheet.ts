/** What the cost model needs of a transformer; the presets' sources are in the README. */
export interface ModelSheet {
  readonly name: string;
  readonly layers: number;
  readonly hiddenSize: number;
  readonly attentionHeads: number;
  /** Grouped-query attention: heads of K and V, fewer than `attentionHeads`. */
  readonly kvHeads: number;
  readonly parameters: number;
  /** Bytes per weight and per KV element: 2 for fp16/bf16. */
  readonly bytesPerValue: number;
}

/** K and V, every layer, every KV head: the bytes one token's KV cache takes. */
export function kvBytesPerToken(model: ModelSheet): number {
  const headDim = model.hiddenSize / model.attentionHeads;
  return 2 * model.layers * model.kvHeads * headDim * model.bytesPerValue;
}

export const MODEL_PRESETS: Readonly<Record<string, ModelSheet>> = {
  'llama2-70b': { name: 'LLaMA2-70B', layers: 80, hiddenSize: 8192, attentionHeads: 64, kvHeads: 8, parameters: 68.98e9, bytesPerValue: 2 },
  'llama3-70b': { name: 'LLaMA3-70B', layers: 80, hiddenSize: 8192, attentionHeads: 64, kvHeads: 8, parameters: 70.55e9, bytesPerValue: 2 },
};
