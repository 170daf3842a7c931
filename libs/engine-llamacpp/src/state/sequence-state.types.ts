/** Element type of llama.cpp's KV cache tensors that blocks can carry (GGML_TYPE_F32 = 0, GGML_TYPE_F16 = 1). */
export type KvElementType = 'f32' | 'f16';

/**
 * How a state lays out V. Without flash attention llama.cpp keeps V transposed (one run of
 * cells per dimension) and writes it that way; with flash attention V is stored as rows like K.
 */
export type ValueLayout = 'rows' | 'transposed';

/**
 * Everything in a sequence state besides its tokens and KV bytes: what a writer needs to
 * produce the file again. Cells always hold one sequence each; llama.cpp ignores the
 * stream index and sequence id on load, but they are kept so a state rewrites byte for byte.
 */
export interface SequenceStateFrame {
  /** `LLAMA_STATE_SEQ_VERSION` of the file. */
  readonly version: number;
  /** The KV cache's stream count; a load is refused unless it equals the loading context's. */
  readonly streamCount: number;
  /** Which stream held the sequence's cells. */
  readonly streamIndex: number;
  /** The sequence id written beside every cell. */
  readonly seqId: number;
  readonly layers: number;
  /** Elements per token per layer, for K and for V (kvHeads × headDim). */
  readonly kvDim: number;
  readonly dtype: KvElementType;
  readonly valueLayout: ValueLayout;
}

/** A run of consecutive tokens' KV for every layer in block order, holding `slots` token slots. */
export interface KvRun {
  readonly payload: Uint8Array;
  readonly slots: number;
}

export const KV_ELEMENT_BYTES: Readonly<Record<KvElementType, number>> = { f32: 4, f16: 2 };
export const GGML_TYPE_CODES: Readonly<Record<KvElementType, number>> = { f32: 0, f16: 1 };

/**
 * Bytes of a run of `slots` tokens: per layer, K for every slot, then V (as rows: per slot;
 * transposed: per dimension, `slots` elements each). That is layers × 2 × slots × kvDim ×
 * element bytes, the payload a `BlockLayout` of the same shape expects.
 */
export function kvRunBytes(frame: Pick<SequenceStateFrame, 'layers' | 'kvDim' | 'dtype'>, slots: number): number {
  return frame.layers * 2 * slots * frame.kvDim * KV_ELEMENT_BYTES[frame.dtype];
}
