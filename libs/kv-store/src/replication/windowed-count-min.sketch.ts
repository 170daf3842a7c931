export interface WindowedSketchOptions {
  readonly windowMs: number;
  /** The window advances one slice at a time; each slice has its own counters. */
  readonly slices: number;
  /** Counters per row; each of the `depth` rows hashes a key to one of them. */
  readonly width: number;
  readonly depth?: number;
}

/**
 * Counts events per key over a sliding window in fixed memory: a count-min sketch per slice of
 * the window (`slices × depth × width` 32-bit counters, whatever the number of keys). An estimate
 * never undercounts and overcounts only by collisions, about `2 × events / width` per row at worst,
 * and the smallest of the rows is taken. The window covers the current slice and the `slices - 1`
 * before it, so it spans between `windowMs - windowMs/slices` and `windowMs`.
 */
export class WindowedCountMinSketch {
  private readonly depth: number;
  private readonly sliceMs: number;
  private readonly counts: Uint32Array[];
  private current = 0;
  private currentStartMs: number | undefined;

  constructor(private readonly options: WindowedSketchOptions) {
    this.depth = options.depth ?? 4;
    this.sliceMs = options.windowMs / options.slices;
    this.counts = Array.from({ length: options.slices }, () => new Uint32Array(this.depth * options.width));
  }

  record(key: string, nowMs: number, count = 1): void {
    this.advance(nowMs);
    const slice = this.counts[this.current] as Uint32Array;
    for (const cell of this.cells(key)) slice[cell] = Math.min(0xffffffff, (slice[cell] as number) + count);
  }

  estimate(key: string, nowMs: number): number {
    this.advance(nowMs);
    let smallest = Number.POSITIVE_INFINITY;
    for (const cell of this.cells(key)) {
      let sum = 0;
      for (const slice of this.counts) sum += slice[cell] as number;
      smallest = Math.min(smallest, sum);
    }
    return smallest;
  }

  /** Moves the window to `nowMs`, clearing the slices that fell out of it; time going backwards changes nothing. */
  private advance(nowMs: number): void {
    if (this.currentStartMs === undefined) {
      this.currentStartMs = nowMs;
      return;
    }
    const steps = Math.floor((nowMs - this.currentStartMs) / this.sliceMs);
    if (steps <= 0) return;
    for (let step = 0; step < Math.min(steps, this.options.slices); step += 1) {
      this.current = (this.current + 1) % this.options.slices;
      (this.counts[this.current] as Uint32Array).fill(0);
    }
    this.currentStartMs += steps * this.sliceMs;
  }

  /** Row `r`'s counter for the key, by double hashing (h1 + r·h2) of two FNV-1a hashes. */
  private cells(key: string): number[] {
    const h1 = fnv1a(key, 0x811c9dc5);
    const h2 = fnv1a(key, 0x01000193) | 1;
    const cells: number[] = [];
    for (let row = 0; row < this.depth; row += 1) cells.push(row * this.options.width + (((h1 + Math.imul(row, h2)) >>> 0) % this.options.width));
    return cells;
  }
}

function fnv1a(text: string, seed: number): number {
  let hash = seed >>> 0;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}
