/** gate[i] = silu(gate[i]) · up[i], in place over `n` elements: the Llama feed-forward activation. */
export function swiglu(gate: Float32Array, up: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) {
    const g = gate[i]!;
    gate[i] = Math.fround(g / (1 + Math.exp(-g))) * up[i]!;
  }
}
