/** Chunks at least this long go through `TypedArray.set` (memmove); shorter ones through a word loop, cheaper than a native call per chunk. */
const NATIVE_COPY_MIN_BYTES = 192;

/**
 * Copies chunks of bytes from one buffer to another: whole planes as one chunk, transposed V
 * as one short chunk per dimension. Word views of both buffers are made once, so short chunks
 * cost a few loads and stores rather than an allocation each.
 */
export class StridedCopier {
  private readonly source32: Uint32Array | undefined;
  private readonly target32: Uint32Array | undefined;
  private readonly source16: Uint16Array | undefined;
  private readonly target16: Uint16Array | undefined;

  constructor(
    readonly source: Uint8Array,
    readonly target: Uint8Array,
  ) {
    this.source32 = wordView(source, 4, Uint32Array);
    this.target32 = wordView(target, 4, Uint32Array);
    this.source16 = wordView(source, 2, Uint16Array);
    this.target16 = wordView(target, 2, Uint16Array);
  }

  /** `count` chunks of `chunkBytes`, chunk i from `sourceOffset + i·sourceStride` to `targetOffset + i·targetStride`. */
  copy(sourceOffset: number, sourceStride: number, targetOffset: number, targetStride: number, chunkBytes: number, count: number): void {
    if (count === 0 || chunkBytes === 0) return;
    if (chunkBytes >= NATIVE_COPY_MIN_BYTES) {
      for (let i = 0; i < count; i++) {
        const from = sourceOffset + i * sourceStride;
        this.target.set(this.source.subarray(from, from + chunkBytes), targetOffset + i * targetStride);
      }
      return;
    }
    const bits = sourceOffset | sourceStride | targetOffset | targetStride | chunkBytes;
    if (bits % 4 === 0 && this.source32 && this.target32) {
      loop32(this.source32, sourceOffset / 4, sourceStride / 4, this.target32, targetOffset / 4, targetStride / 4, chunkBytes / 4, count);
    } else if (bits % 2 === 0 && this.source16 && this.target16) {
      loop16(this.source16, sourceOffset / 2, sourceStride / 2, this.target16, targetOffset / 2, targetStride / 2, chunkBytes / 2, count);
    } else {
      loop8(this.source, sourceOffset, sourceStride, this.target, targetOffset, targetStride, chunkBytes, count);
    }
  }
}

function wordView<T>(bytes: Uint8Array, width: number, View: new (buffer: ArrayBufferLike, byteOffset: number, length: number) => T): T | undefined {
  return bytes.byteOffset % width === 0 ? new View(bytes.buffer, bytes.byteOffset, Math.floor(bytes.length / width)) : undefined;
}

/* One loop per element width, so each stays monomorphic and compiles to plain loads and stores. */
function loop32(from: Uint32Array, s0: number, fromStride: number, to: Uint32Array, t0: number, toStride: number, chunk: number, count: number): void {
  for (let i = 0, s = s0, t = t0; i < count; i++, s += fromStride, t += toStride) {
    for (let k = 0; k < chunk; k++) to[t + k] = from[s + k]!;
  }
}

function loop16(from: Uint16Array, s0: number, fromStride: number, to: Uint16Array, t0: number, toStride: number, chunk: number, count: number): void {
  for (let i = 0, s = s0, t = t0; i < count; i++, s += fromStride, t += toStride) {
    for (let k = 0; k < chunk; k++) to[t + k] = from[s + k]!;
  }
}

function loop8(from: Uint8Array, s0: number, fromStride: number, to: Uint8Array, t0: number, toStride: number, chunk: number, count: number): void {
  for (let i = 0, s = s0, t = t0; i < count; i++, s += fromStride, t += toStride) {
    for (let k = 0; k < chunk; k++) to[t + k] = from[s + k]!;
  }
}

/** One band of a row-major matrix: `widthBytes` of every row, kept row after row (`strideBytes` apart) from `offset` of `bytes`. */
export interface MatrixBand {
  readonly bytes: Uint8Array;
  readonly offset: number;
  readonly widthBytes: number;
  readonly strideBytes: number;
}

type WordArray = Uint8Array | Uint16Array | Uint32Array;

/**
 * Moves `rows` rows of a matrix (rows `strideBytes` apart from `offset` of `matrix`) to or from
 * bands that split each row left to right: `toBands` cuts the matrix's columns into the bands,
 * otherwise the bands are written back into the matrix. This is transposed V: one row per
 * dimension, one band per block. Everything runs in one loop nest over word views made once.
 */
export function moveBands(matrix: Uint8Array, offset: number, strideBytes: number, rows: number, bands: readonly MatrixBand[], toBands: boolean): void {
  let bits = matrix.byteOffset | offset | strideBytes;
  for (const band of bands) bits |= band.bytes.byteOffset | band.offset | band.widthBytes | band.strideBytes;
  const width = bits % 4 === 0 ? 4 : bits % 2 === 0 ? 2 : 1;
  const view = (bytes: Uint8Array): WordArray =>
    width === 4 ? new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >> 2) : width === 2 ? new Uint16Array(bytes.buffer, bytes.byteOffset, bytes.length >> 1) : bytes;
  const words = view(matrix);
  const bandWords = bands.map((band) => view(band.bytes));
  const bandOffsets = Int32Array.from(bands, (band) => band.offset / width);
  const bandWidths = Int32Array.from(bands, (band) => band.widthBytes / width);
  const bandStrides = Int32Array.from(bands, (band) => band.strideBytes / width);
  if (toBands) cutBands(words, offset / width, strideBytes / width, rows, bandWords, bandOffsets, bandWidths, bandStrides);
  else joinBands(words, offset / width, strideBytes / width, rows, bandWords, bandOffsets, bandWidths, bandStrides);
}

function cutBands(matrix: WordArray, offset: number, stride: number, rows: number, bands: WordArray[], offsets: Int32Array, widths: Int32Array, strides: Int32Array): void {
  for (let row = 0; row < rows; row++) {
    let s = offset + row * stride;
    for (let b = 0; b < bands.length; b++) {
      const band = bands[b]!;
      const w = widths[b]!;
      const t = offsets[b]! + row * strides[b]!;
      for (let k = 0; k < w; k++) band[t + k] = matrix[s + k]!;
      s += w;
    }
  }
}

function joinBands(matrix: WordArray, offset: number, stride: number, rows: number, bands: WordArray[], offsets: Int32Array, widths: Int32Array, strides: Int32Array): void {
  for (let row = 0; row < rows; row++) {
    let t = offset + row * stride;
    for (let b = 0; b < bands.length; b++) {
      const band = bands[b]!;
      const w = widths[b]!;
      const s = offsets[b]! + row * strides[b]!;
      for (let k = 0; k < w; k++) matrix[t + k] = band[s + k]!;
      t += w;
    }
  }
}
