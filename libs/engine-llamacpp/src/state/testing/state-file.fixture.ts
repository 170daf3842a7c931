import { type KvElementType, type ValueLayout } from '../sequence-state.types';

/** A KV cache in miniature, shaped so a test can say which bytes each cell holds. */
export interface FixtureCache {
  readonly layers: number;
  readonly kvDim: number;
  readonly dtype: KvElementType;
  readonly valueLayout: ValueLayout;
  /** Position held by each cell, in cell order; defaults to 0…n-1. */
  readonly cellPositions: readonly number[];
  readonly streamCount?: number;
  readonly streamIndex?: number;
  readonly seqId?: number;
  /** The bytes of each element; `fixtureByte` unless given. */
  readonly byteOf?: typeof fixtureByte;
}

const TYPE_CODE = { f32: 0, f16: 1 } as const;
const ELEMENT_BYTES = { f32: 4, f16: 2 } as const;

/** Byte b of element (layer, K or V, position, dimension): distinct enough that a misplaced byte shows. */
export function fixtureByte(layer: number, value: 0 | 1, position: number, dim: number, byte: number): number {
  return (layer * 131 + value * 71 + position * 29 + dim * 7 + byte * 101 + ((position * dim) >> 3)) & 0xff;
}

/**
 * A `fixtureByte` that looks random, NaN and infinity patterns included, different for each seed
 * (below 1000). Xorshift rather than multiply-and-mix: `Math.imul` runs a hundred times slower
 * under jest, and a state of megabytes calls this for every byte.
 */
export function noiseByte(seed: number): typeof fixtureByte {
  return (layer, value, position, dim, byte) => {
    let x = ((((((seed * 256 + layer) * 2 + value) * 1_048_573 + position) * 65_521 + dim) * 8 + byte) % 4_294_967_291) >>> 0;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 24) & 0xff;
  };
}

/** The bytes llama.cpp's `state_seq_save_file` would write for this cache, written the way its C++ does. */
export function fixtureStateFile(cache: FixtureCache, tokenOf = (position: number) => (position * 37 + 5) % 259): Uint8Array {
  const { layers, kvDim, dtype, valueLayout, cellPositions } = cache;
  const streamCount = cache.streamCount ?? 1;
  const streamIndex = cache.streamIndex ?? 0;
  const n = cellPositions.length;
  const element = ELEMENT_BYTES[dtype];
  const byteOf = cache.byteOf ?? fixtureByte;
  const out = new ByteSink();
  const u32 = (v: number) => out.push(v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff);
  const u64 = (v: number) => {
    u32(v);
    u32(0);
  };
  const elementBytes = (layer: number, value: 0 | 1, position: number, dim: number) => {
    for (let b = 0; b < element; b++) out.push(byteOf(layer, value, position, dim, b));
  };
  u32(0x67677371);
  u32(3);
  u32(n);
  for (let position = 0; position < n; position++) u32(tokenOf(position));
  u32(streamCount);
  for (let stream = 0; stream < streamCount; stream++) {
    if (stream !== streamIndex) {
      u32(0);
      continue;
    }
    u32(n);
    if (n === 0) continue;
    for (const position of cellPositions) {
      u32(position);
      u32(1);
      u32(cache.seqId ?? 0);
    }
    u32(valueLayout === 'transposed' ? 1 : 0);
    u32(layers);
    for (let layer = 0; layer < layers; layer++) {
      u32(TYPE_CODE[dtype]);
      u64(kvDim * element);
      for (const position of cellPositions) for (let dim = 0; dim < kvDim; dim++) elementBytes(layer, 0, position, dim);
    }
    for (let layer = 0; layer < layers; layer++) {
      u32(TYPE_CODE[dtype]);
      if (valueLayout === 'rows') {
        u64(kvDim * element);
        for (const position of cellPositions) for (let dim = 0; dim < kvDim; dim++) elementBytes(layer, 1, position, dim);
      } else {
        u32(element);
        u32(kvDim);
        for (let dim = 0; dim < kvDim; dim++) for (const position of cellPositions) elementBytes(layer, 1, position, dim);
      }
    }
  }
  return out.bytes();
}

/** A growing byte array: states of megabytes are built here byte by byte, which a plain array makes slow. */
class ByteSink {
  private buffer = new Uint8Array(4096);
  private length = 0;

  push(...values: number[]): void {
    if (this.length + values.length > this.buffer.length) {
      const grown = new Uint8Array(2 * (this.length + values.length));
      grown.set(this.buffer.subarray(0, this.length));
      this.buffer = grown;
    }
    for (const value of values) this.buffer[this.length++] = value;
  }

  bytes(): Uint8Array {
    return this.buffer.slice(0, this.length);
  }
}

export function inOrder(count: number): number[] {
  return Array.from({ length: count }, (_, i) => i);
}
