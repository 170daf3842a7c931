/**
 * out[r][o] = Σ_i x[r][i] · w[o][i] for `rows` rows: every linear layer of the
 * transformer, with `w` row-major [outDim][inDim] as GGUF stores it. All operands
 * live in `m`; `out`, `x` and `w` are float offsets into it.
 *
 * Each output element is one float64 accumulator summed over i in ascending order,
 * whatever the tiling. That makes every result independent of how many rows are
 * computed together, which is what keeps chunked prefill, prefix reuse and batched
 * decode bit-identical to one-token-at-a-time evaluation.
 *
 * Tiles of 2 rows × 4 outputs keep eight accumulators and six operands in registers.
 */
export function matmulTransposed(
  m: Float32Array,
  out: number,
  x: number,
  rows: number,
  inDim: number,
  w: number,
  outDim: number,
): void {
  let r = 0;
  for (; r + 2 <= rows; r += 2) {
    const x0 = x + r * inDim;
    const x1 = x0 + inDim;
    const y0 = out + r * outDim;
    const y1 = y0 + outDim;
    let o = 0;
    for (; o + 4 <= outDim; o += 4) {
      const w0 = w + o * inDim;
      const w1 = w0 + inDim;
      const w2 = w1 + inDim;
      const w3 = w2 + inDim;
      let a00 = 0, a01 = 0, a02 = 0, a03 = 0;
      let a10 = 0, a11 = 0, a12 = 0, a13 = 0;
      for (let i = 0; i < inDim; i++) {
        const p = m[x0 + i]!;
        const q = m[x1 + i]!;
        const b0 = m[w0 + i]!;
        const b1 = m[w1 + i]!;
        const b2 = m[w2 + i]!;
        const b3 = m[w3 + i]!;
        a00 += p * b0; a01 += p * b1; a02 += p * b2; a03 += p * b3;
        a10 += q * b0; a11 += q * b1; a12 += q * b2; a13 += q * b3;
      }
      m[y0 + o] = a00; m[y0 + o + 1] = a01; m[y0 + o + 2] = a02; m[y0 + o + 3] = a03;
      m[y1 + o] = a10; m[y1 + o + 1] = a11; m[y1 + o + 2] = a12; m[y1 + o + 3] = a13;
    }
    for (; o < outDim; o++) {
      m[y0 + o] = dot(m, x0, w + o * inDim, inDim);
      m[y1 + o] = dot(m, x1, w + o * inDim, inDim);
    }
  }
  for (; r < rows; r++) matvecTransposed(m, out + r * outDim, x + r * inDim, inDim, w, outDim);
}

/** One row of {@link matmulTransposed}, tiled over 4 outputs. */
function matvecTransposed(m: Float32Array, out: number, x: number, inDim: number, w: number, outDim: number): void {
  let o = 0;
  for (; o + 4 <= outDim; o += 4) {
    const w0 = w + o * inDim;
    const w1 = w0 + inDim;
    const w2 = w1 + inDim;
    const w3 = w2 + inDim;
    let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    for (let i = 0; i < inDim; i++) {
      const p = m[x + i]!;
      a0 += p * m[w0 + i]!;
      a1 += p * m[w1 + i]!;
      a2 += p * m[w2 + i]!;
      a3 += p * m[w3 + i]!;
    }
    m[out + o] = a0; m[out + o + 1] = a1; m[out + o + 2] = a2; m[out + o + 3] = a3;
  }
  for (; o < outDim; o++) m[out + o] = dot(m, x, w + o * inDim, inDim);
}

function dot(m: Float32Array, a: number, b: number, n: number): number {
  let acc = 0;
  for (let i = 0; i < n; i++) acc += m[a + i]! * m[b + i]!;
  return acc;
}
