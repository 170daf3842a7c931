/**
 * out[r] = x[r] / sqrt(mean(x[r]²) + eps) ⊙ weight, row by row. The sum of squares is
 * accumulated in float64 and the scale rounded to float32, as llama.cpp does, so the
 * two engines agree to within float32 rounding.
 */
export function rmsNorm(out: Float32Array, x: Float32Array, rows: number, dim: number, weight: Float32Array, eps: number): void {
  for (let r = 0; r < rows; r++) {
    const base = r * dim;
    let sumSquares = 0;
    for (let i = 0; i < dim; i++) {
      const v = x[base + i]!;
      sumSquares += v * v;
    }
    const scale = Math.fround(1 / Math.sqrt(Math.fround(sumSquares / dim + eps)));
    for (let i = 0; i < dim; i++) out[base + i] = Math.fround(x[base + i]! * scale) * weight[i]!;
  }
}
