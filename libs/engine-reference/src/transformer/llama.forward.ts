import { addInPlace } from '../kernels/add.kernel';
import { type KernelHeap } from '../kernels/kernel-heap';
import { type Kernels } from '../kernels/kernels.port';
import { rmsNorm } from '../kernels/rms-norm.kernel';
import { RopeTable } from '../kernels/rope.kernel';
import { swiglu } from '../kernels/swiglu.kernel';
import { type KvArena } from '../kv/kv-arena';
import { type LlamaConfig } from '@tsukimi/llama-model';
import { Activations, LOGIT_ROWS_PER_PASS } from './activations';
import { type ForwardRows } from './forward-rows';
import { type HeapWeights } from './heap-weights';

/**
 * The Llama forward pass (RMSNorm, RoPE, grouped-query attention, SwiGLU) over a paged
 * KV arena. Matrix products and attention run in the {@link Kernels}; every value a row
 * produces depends only on its token, its position and the K/V of earlier positions.
 */
export class LlamaForward {
  private readonly rope: RopeTable;
  private readonly a: Activations;
  private readonly qDim: number;
  private readonly kvDim: number;

  constructor(
    private readonly config: LlamaConfig,
    private readonly weights: HeapWeights,
    private readonly arena: KvArena,
    private readonly heap: KernelHeap,
    private readonly kernels: Kernels,
    /** The most rows one call may carry. */
    readonly maxRows: number,
  ) {
    this.rope = new RopeTable(config.headDim, config.ropeBase);
    this.a = new Activations(heap, config, maxRows, Math.ceil(config.contextTokens / arena.geometry.blockSizeTokens));
    this.qDim = config.heads * config.headDim;
    this.kvDim = config.kvHeads * config.headDim;
  }

  /** Runs up to `maxRows` rows through every layer; returns copies of the logits of `rows.logitRows`. */
  run(rows: ForwardRows): Float32Array[] {
    const n = rows.tokens.length;
    if (n > this.maxRows) throw new RangeError(`${n} rows exceed the forward pass capacity of ${this.maxRows}`);
    const { config: c, a, kernels, weights: w0 } = this;
    for (let r = 0; r < n; r++) {
      const token = rows.tokens[r]!;
      a.x.f32.set(w0.tokenEmbedding.subarray(token * c.dim, (token + 1) * c.dim), r * c.dim);
    }

    for (let layer = 0; layer < c.layers; layer++) {
      const w = w0.layers[layer]!;
      rmsNorm(a.xn.f32, a.x.f32, n, c.dim, w.attnNorm, c.rmsEps);
      kernels.matmulTransposed(a.q.ptr, a.xn.ptr, n, c.dim, w.wq, this.qDim);
      kernels.matmulTransposed(a.k.ptr, a.xn.ptr, n, c.dim, w.wk, this.kvDim);
      kernels.matmulTransposed(a.v.ptr, a.xn.ptr, n, c.dim, w.wv, this.kvDim);
      for (let r = 0; r < n; r++) {
        const position = rows.positions[r]!;
        this.rope.apply(a.q.f32, r * this.qDim, c.heads, position);
        this.rope.apply(a.k.f32, r * this.kvDim, c.kvHeads, position);
        if (rows.writeKv[r]) this.storeKv(r, layer, rows.tables[r]!, position);
      }
      this.attend(rows, n, layer);
      kernels.matmulTransposed(a.proj.ptr, a.att.ptr, n, this.qDim, w.wo, c.dim);
      addInPlace(a.x.f32, a.proj.f32, n * c.dim);

      rmsNorm(a.xn.f32, a.x.f32, n, c.dim, w.ffnNorm, c.rmsEps);
      kernels.matmulTransposed(a.gate.ptr, a.xn.ptr, n, c.dim, w.wGate, c.ffnDim);
      kernels.matmulTransposed(a.up.ptr, a.xn.ptr, n, c.dim, w.wUp, c.ffnDim);
      swiglu(a.gate.f32, a.up.f32, n * c.ffnDim);
      kernels.matmulTransposed(a.proj.ptr, a.gate.ptr, n, c.ffnDim, w.wDown, c.dim);
      addInPlace(a.x.f32, a.proj.f32, n * c.dim);
    }
    return this.logits(rows.logitRows);
  }

  /** Attention over runs of rows that are consecutive positions of one sequence (a prefill chunk, or one decode row). */
  private attend(rows: ForwardRows, n: number, layer: number): void {
    const g = this.arena.geometry;
    for (let start = 0; start < n; ) {
      const table = rows.tables[start]!;
      const first = rows.positions[start]!;
      let end = start + 1;
      while (end < n && rows.tables[end] === table && rows.positions[end] === first + (end - start)) end++;
      this.heap.i32.set(table.slice(0, Math.ceil((first + end - start) / g.blockSizeTokens)), this.a.table >> 2);
      this.kernels.attention({
        out: this.a.att.ptr + start * this.qDim * 4,
        q: this.a.q.ptr + start * this.qDim * 4,
        rows: end - start,
        firstPosition: first,
        table: this.a.table,
        kv: this.arena.ptr,
        heads: this.config.heads,
        kvHeads: this.config.kvHeads,
        headDim: this.config.headDim,
        blockSizeTokens: g.blockSizeTokens,
        blockFloats: g.blockFloats,
        keyPlane: g.keyPlane(layer),
        valuePlane: g.valuePlane(layer),
        scale: 1 / Math.sqrt(this.config.headDim),
      });
      start = end;
    }
  }

  private logits(logitRows: readonly number[]): Float32Array[] {
    const { config: c, a } = this;
    const out: Float32Array[] = [];
    for (let first = 0; first < logitRows.length; first += LOGIT_ROWS_PER_PASS) {
      const batch = logitRows.slice(first, first + LOGIT_ROWS_PER_PASS);
      batch.forEach((row, i) => a.finalHidden.f32.set(a.x.f32.subarray(row * c.dim, (row + 1) * c.dim), i * c.dim));
      rmsNorm(a.finalNormed.f32, a.finalHidden.f32, batch.length, c.dim, this.weights.outputNorm, c.rmsEps);
      this.kernels.matmulTransposed(a.logits.ptr, a.finalNormed.ptr, batch.length, c.dim, this.weights.output, c.vocabSize);
      batch.forEach((_, i) => out.push(a.logits.f32.slice(i * c.vocabSize, (i + 1) * c.vocabSize)));
    }
    return out;
  }

  private storeKv(row: number, layer: number, table: readonly number[], position: number): void {
    const g = this.arena.geometry;
    const block = table[Math.floor(position / g.blockSizeTokens)];
    if (block === undefined) throw new Error(`position ${position} has no block in its table`);
    const at = block * g.blockFloats + (position % g.blockSizeTokens) * g.kvDim;
    const data = this.arena.data;
    data.set(this.a.k.f32.subarray(row * g.kvDim, (row + 1) * g.kvDim), at + g.keyPlane(layer));
    data.set(this.a.v.f32.subarray(row * g.kvDim, (row + 1) * g.kvDim), at + g.valuePlane(layer));
  }
}
