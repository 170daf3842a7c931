import { type Ptr } from './kernel-heap';

/** Causal attention for `rows` consecutive positions of one sequence, over its paged KV. */
export interface AttentionArgs {
  /** [rows][heads·headDim] output. */
  readonly out: Ptr;
  /** [rows][heads·headDim] queries, RoPE applied. */
  readonly q: Ptr;
  readonly rows: number;
  /** Row r is position `firstPosition + r` and attends to positions 0..firstPosition + r. */
  readonly firstPosition: number;
  /** The sequence's block table: i32 block ids, one per `blockSizeTokens` positions. */
  readonly table: Ptr;
  /** Start of the KV arena; block b begins `b · blockFloats` floats after it. */
  readonly kv: Ptr;
  readonly heads: number;
  readonly kvHeads: number;
  readonly headDim: number;
  readonly blockSizeTokens: number;
  readonly blockFloats: number;
  /** Float offsets, within a block, of this layer's keys and values (slot s, KV head g at `plane + s·kvHeads·headDim + g·headDim`). */
  readonly keyPlane: number;
  readonly valuePlane: number;
  /** Usually 1/√headDim. */
  readonly scale: number;
}

/**
 * The compute-heavy kernels of the transformer, addressing tensors by offset in one
 * KernelHeap. Contract shared by every implementation: an output element depends only
 * on its own inputs, never on `rows`, tiling, or which other rows are computed in the
 * same call. That is what makes chunked prefill, prefix reuse and batched decode
 * bit-identical to evaluating one token at a time.
 */
export interface Kernels {
  /** out[r][o] = Σ_i x[r][i] · w[o][i]; `w` is row-major [outDim][inDim]. */
  matmulTransposed(out: Ptr, x: Ptr, rows: number, inDim: number, w: Ptr, outDim: number): void;
  attention(args: AttentionArgs): void;
}
