import { SeededRandom } from '@tsukimi/llama-model';
import { KernelHeap, type Ptr } from '../../kernel-heap';
import { type AttentionArgs } from '../../kernels.port';

/** Model shape of a paged-attention test case. */
export interface PagedKvShape {
  readonly headDim: number;
  readonly heads: number;
  readonly kvHeads: number;
  readonly blockSizeTokens: number;
  /** Positions with keys and values written; queries exist for each. */
  readonly positions: number;
}

/**
 * A heap holding a sequence's paged KV (two layers, blocks in shuffled order,
 * `blockFloats` odd so slots are not 16-byte aligned) and one query per position
 * and head. Block-table entries past the sequence point 2 GiB past the arena, so
 * a kernel that reads beyond the positions it was given traps.
 */
export class PagedKvFixture {
  readonly heap = new KernelHeap(16 << 20);
  private readonly base: Omit<AttentionArgs, 'out' | 'q' | 'rows' | 'firstPosition'>;
  private readonly queries: Ptr;

  constructor(
    readonly shape: PagedKvShape,
    seed: number,
  ) {
    const random = new SeededRandom(seed);
    const { headDim, heads, kvHeads, blockSizeTokens, positions } = shape;
    const kvDim = kvHeads * headDim;
    const planeFloats = blockSizeTokens * kvDim;
    const blockFloats = 4 * planeFloats + 5;
    const blocks = Math.ceil(positions / blockSizeTokens);
    const arenaBlocks = blocks + 3;
    const kv = this.heap.store(random.normals(arenaBlocks * blockFloats, 0, 1));
    const ids = [...Array(arenaBlocks).keys()];
    for (let i = ids.length - 1; i > 0; i--) {
      const j = Math.floor(random.nextFloat() * (i + 1));
      [ids[i], ids[j]] = [ids[j]!, ids[i]!];
    }
    const poison = Math.ceil(2 ** 31 / (blockFloats * 4));
    const table = this.heap.alloc(blocks + 4);
    this.heap.i32.set([...ids.slice(0, blocks), poison, poison, poison, poison], table >> 2);
    this.queries = this.heap.store(random.normals(positions * heads * headDim, 0, 2));
    const keyPlane = 2 * planeFloats + 1;
    this.base = { table, kv, heads, kvHeads, headDim, blockSizeTokens, blockFloats, keyPlane, valuePlane: keyPlane + planeFloats, scale: 1 / Math.sqrt(headDim) };
  }

  /** Floats in one row of queries or outputs. */
  get rowFloats(): number {
    return this.shape.heads * this.shape.headDim;
  }

  /** Arguments for rows `firstPosition`..`firstPosition + rows − 1` into a fresh output. */
  args(firstPosition: number, rows: number): AttentionArgs {
    const out = this.heap.alloc(rows * this.rowFloats);
    return { ...this.base, out, q: this.queries + firstPosition * this.rowFloats * 4, rows, firstPosition };
  }

  /** The output of `args` as a copy. */
  output(args: AttentionArgs): Float32Array {
    return this.heap.f32View(args.out, args.rows * this.rowFloats).slice();
  }

  /** Overwrites the query of `position` with fresh values. */
  replaceQuery(position: number, random: SeededRandom): void {
    this.heap.f32.set(random.normals(this.rowFloats, 0, 2), (this.queries >> 2) + position * this.rowFloats);
  }
}

/** Largest |a − b| over the largest |b|: the error relative to the tensor's scale. */
export function relativeError(a: Float32Array, b: Float32Array): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return diff / scale;
}

/**
 * The first index where two float arrays differ in any bit (NaN- and zero-sign-exact),
 * −1 when they are bit-identical or the length if they differ in length. Jest's
 * `toEqual` on arrays of ten thousands of elements takes hundreds of milliseconds.
 */
export function firstBitDifference(a: Float32Array, b: Float32Array): number {
  const x = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const y = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return i;
  return x.length === y.length ? -1 : Math.min(x.length, y.length);
}
