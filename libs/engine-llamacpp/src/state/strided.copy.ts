/** Chunks at least this long go through `TypedArray.set` (memmove); shorter ones through a word loop, which is cheaper than a call per chunk. */
const NATIVE_COPY_MIN_BYTES = 192;

/**
 * Copies `count` chunks of `chunkBytes` from `source` to `target`, chunk i from
 * `sourceOffset + i·sourceStride` to `targetOffset + i·targetStride`. The state cutter and
 * writer move whole planes as one chunk and transposed V as one short chunk per dimension.
 */
export function copyStrided(
  source: Uint8Array,
  sourceOffset: number,
  sourceStride: number,
  target: Uint8Array,
  targetOffset: number,
  targetStride: number,
  chunkBytes: number,
  count: number,
): void {
  if (count === 0 || chunkBytes === 0) return;
  if (chunkBytes >= NATIVE_COPY_MIN_BYTES || (count === 1 && chunkBytes >= 16)) {
    for (let i = 0; i < count; i++) {
      const from = sourceOffset + i * sourceStride;
      target.set(source.subarray(from, from + chunkBytes), targetOffset + i * targetStride);
    }
    return;
  }
  const width = wordWidth(source.byteOffset + sourceOffset, sourceStride, target.byteOffset + targetOffset, targetStride, chunkBytes);
  if (width === 4) {
    const from = new Uint32Array(source.buffer, source.byteOffset + sourceOffset, ((count - 1) * sourceStride + chunkBytes) / 4);
    const to = new Uint32Array(target.buffer, target.byteOffset + targetOffset, ((count - 1) * targetStride + chunkBytes) / 4);
    loop(from, sourceStride / 4, to, targetStride / 4, chunkBytes / 4, count);
  } else if (width === 2) {
    const from = new Uint16Array(source.buffer, source.byteOffset + sourceOffset, ((count - 1) * sourceStride + chunkBytes) / 2);
    const to = new Uint16Array(target.buffer, target.byteOffset + targetOffset, ((count - 1) * targetStride + chunkBytes) / 2);
    loop(from, sourceStride / 2, to, targetStride / 2, chunkBytes / 2, count);
  } else {
    loop(source.subarray(sourceOffset), sourceStride, target.subarray(targetOffset), targetStride, chunkBytes, count);
  }
}

function wordWidth(...values: number[]): 1 | 2 | 4 {
  let bits = 0;
  for (const value of values) bits |= value;
  return bits % 4 === 0 ? 4 : bits % 2 === 0 ? 2 : 1;
}

function loop<T extends Uint8Array | Uint16Array | Uint32Array>(from: T, fromStride: number, to: T, toStride: number, chunk: number, count: number): void {
  for (let i = 0, s = 0, t = 0; i < count; i++, s += fromStride, t += toStride) {
    for (let k = 0; k < chunk; k++) to[t + k] = from[s + k]!;
  }
}
