/**
 * Where each float of a KV block lives. A block holds `blockSizeTokens` token slots for
 * every layer, laid out [layer][K|V][slot][kvHeads·headDim], so one layer's keys for a
 * block are contiguous and a block exports as one contiguous run of bytes.
 */
export interface KvShape {
  readonly layers: number;
  readonly kvHeads: number;
  readonly headDim: number;
  readonly blockSizeTokens: number;
}

export class KvGeometry implements KvShape {
  readonly layers: number;
  readonly kvHeads: number;
  readonly headDim: number;
  readonly blockSizeTokens: number;
  /** Floats per token per layer for K (and again for V). */
  readonly kvDim: number;
  /** Floats of one layer's K (or V) in one block. */
  readonly planeFloats: number;
  readonly blockFloats: number;
  readonly blockBytes: number;

  constructor(shape: KvShape) {
    for (const [name, value] of Object.entries(shape)) {
      if (!Number.isInteger(value) || value < 1) throw new RangeError(`KV shape ${name} must be a positive integer, got ${value}`);
    }
    this.layers = shape.layers;
    this.kvHeads = shape.kvHeads;
    this.headDim = shape.headDim;
    this.blockSizeTokens = shape.blockSizeTokens;
    this.kvDim = shape.kvHeads * shape.headDim;
    this.planeFloats = this.blockSizeTokens * this.kvDim;
    this.blockFloats = this.layers * 2 * this.planeFloats;
    this.blockBytes = this.blockFloats * Float32Array.BYTES_PER_ELEMENT;
  }

  /** Offset, within a block, of layer `layer`'s keys for slot 0. Values follow one plane later. */
  keyPlane(layer: number): number {
    return layer * 2 * this.planeFloats;
  }

  valuePlane(layer: number): number {
    return (layer * 2 + 1) * this.planeFloats;
  }
}
