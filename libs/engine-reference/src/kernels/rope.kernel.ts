/**
 * Rotary position embedding on adjacent pairs (x[2i], x[2i+1]), the layout llama.cpp
 * uses for the Llama architecture ("NORM" rope). Angles are tabulated per position
 * once, so every evaluation of a position rotates by exactly the same cos/sin.
 */
export class RopeTable {
  private readonly half: number;
  private cos: Float64Array;
  private sin: Float64Array;
  private positions = 0;

  constructor(
    private readonly headDim: number,
    private readonly base: number,
  ) {
    this.half = headDim / 2;
    this.cos = new Float64Array(0);
    this.sin = new Float64Array(0);
  }

  /** Rotates `heads` consecutive vectors of `headDim` at `offset` in place for `position`. */
  apply(x: Float32Array, offset: number, heads: number, position: number): void {
    if (position >= this.positions) this.grow(position + 1);
    const half = this.half;
    const t = position * half;
    for (let h = 0; h < heads; h++) {
      const v = offset + h * this.headDim;
      for (let i = 0; i < half; i++) {
        const c = this.cos[t + i]!;
        const s = this.sin[t + i]!;
        const a = x[v + 2 * i]!;
        const b = x[v + 2 * i + 1]!;
        x[v + 2 * i] = a * c - b * s;
        x[v + 2 * i + 1] = a * s + b * c;
      }
    }
  }

  private grow(minPositions: number): void {
    const positions = Math.max(minPositions, this.positions * 2, 256);
    const cos = new Float64Array(positions * this.half);
    const sin = new Float64Array(positions * this.half);
    cos.set(this.cos);
    sin.set(this.sin);
    for (let p = this.positions; p < positions; p++) {
      for (let i = 0; i < this.half; i++) {
        const theta = p * Math.pow(this.base, (-2 * i) / this.headDim);
        cos[p * this.half + i] = Math.cos(theta);
        sin[p * this.half + i] = Math.sin(theta);
      }
    }
    this.cos = cos;
    this.sin = sin;
    this.positions = positions;
  }
}
