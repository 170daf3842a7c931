import { type AttentionArgs } from './kernels.port';

/** Reusable float64 score buffer for {@link pagedAttention}, grown on demand. */
export class AttentionScratch {
  scores = new Float64Array(256);

  ensure(positions: number): void {
    if (this.scores.length < positions) this.scores = new Float64Array(Math.max(positions, this.scores.length * 2));
  }
}

/**
 * Causal grouped-query attention (query head h reads KV head ⌊h / (heads / kvHeads)⌋)
 * over a sequence's paged KV, in plain TypeScript: the reference the WebAssembly
 * kernel is checked against. Scores, softmax and the weighted sum of values run over
 * positions in ascending order in float64, one row at a time.
 */
export function pagedAttention(f32: Float32Array, i32: Int32Array, a: AttentionArgs, scratch: AttentionScratch): void {
  const { headDim, blockSizeTokens, blockFloats, heads } = a;
  const kvDim = a.kvHeads * headDim;
  const qDim = heads * headDim;
  const group = heads / a.kvHeads;
  const kv = a.kv >> 2;
  const table = a.table >> 2;
  scratch.ensure(a.firstPosition + a.rows);
  const scores = scratch.scores;

  for (let r = 0; r < a.rows; r++) {
    const positions = a.firstPosition + r + 1;
    for (let h = 0; h < heads; h++) {
      const qh = (a.q >> 2) + r * qDim + h * headDim;
      const headOffset = Math.floor(h / group) * headDim;

      let max = -Infinity;
      for (let b = 0, j = 0; j < positions; b++) {
        const end = Math.min(positions, j + blockSizeTokens);
        for (let k = kv + i32[table + b]! * blockFloats + a.keyPlane + headOffset; j < end; j++, k += kvDim) {
          let s = 0;
          for (let d = 0; d < headDim; d++) s += f32[qh + d]! * f32[k + d]!;
          s *= a.scale;
          scores[j] = s;
          if (s > max) max = s;
        }
      }
      let sum = 0;
      for (let j = 0; j < positions; j++) {
        const e = Math.exp(scores[j]! - max);
        scores[j] = e;
        sum += e;
      }

      const o = (a.out >> 2) + r * qDim + h * headDim;
      for (let d = 0; d < headDim; d++) {
        let acc = 0;
        for (let b = 0, j = 0; j < positions; b++) {
          const end = Math.min(positions, j + blockSizeTokens);
          for (let v = kv + i32[table + b]! * blockFloats + a.valuePlane + headOffset + d; j < end; j++, v += kvDim) acc += scores[j]! * f32[v]!;
        }
        f32[o + d] = acc / sum;
      }
    }
  }
}
