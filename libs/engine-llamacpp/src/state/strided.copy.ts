/** Chunks at least this long go through `TypedArray.set` (memmove); shorter ones through 4-byte moves, cheaper than a native call per chunk. */
export const NATIVE_COPY_MIN_BYTES = 192;

/**
 * Copies chunks of bytes from one buffer to another: whole planes as one chunk, K rows of cells
 * out of order one per cell and their transposed V one element per dimension, rows and bands
 * in and out of the band kernel's windows. Chunks that lie back to back on both sides go as
 * one copy; DataViews for short chunks are made once, on first need.
 */
export class StridedCopier {
  private views: { readonly source: DataView; readonly target: DataView } | undefined;

  constructor(
    readonly source: Uint8Array,
    readonly target: Uint8Array,
  ) {}

  /** `count` chunks of `chunkBytes`, chunk i from `sourceOffset + i·sourceStride` to `targetOffset + i·targetStride`. */
  copy(sourceOffset: number, sourceStride: number, targetOffset: number, targetStride: number, chunkBytes: number, count: number): void {
    if (count === 0 || chunkBytes === 0) return;
    if (sourceStride === chunkBytes && targetStride === chunkBytes) {
      this.target.set(this.source.subarray(sourceOffset, sourceOffset + count * chunkBytes), targetOffset);
      return;
    }
    if (chunkBytes >= NATIVE_COPY_MIN_BYTES) {
      for (let i = 0; i < count; i++) {
        const from = sourceOffset + i * sourceStride;
        this.target.set(this.source.subarray(from, from + chunkBytes), targetOffset + i * targetStride);
      }
      return;
    }
    this.views ??= { source: viewOf(this.source), target: viewOf(this.target) };
    const { source, target } = this.views;
    for (let i = 0; i < count; i++) moveBytes(source, sourceOffset + i * sourceStride, target, targetOffset + i * targetStride, chunkBytes);
  }
}

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Copies `n` bytes at any alignment, four at a time: integer moves, so every bit pattern arrives as it left. */
function moveBytes(from: DataView, s: number, to: DataView, t: number, n: number): void {
  let k = 0;
  for (; k + 4 <= n; k += 4) to.setUint32(t + k, from.getUint32(s + k, true), true);
  if (k + 2 <= n) {
    to.setUint16(t + k, from.getUint16(s + k, true), true);
    k += 2;
  }
  if (k < n) to.setUint8(t + k, from.getUint8(s + k));
}
