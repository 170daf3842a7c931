/** acc[i] += delta[i] over `n` elements: the residual connections. */
export function addInPlace(acc: Float32Array, delta: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) acc[i] = acc[i]! + delta[i]!;
}
