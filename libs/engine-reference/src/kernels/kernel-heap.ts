/** Byte offset of a tensor inside the {@link KernelHeap}; always a multiple of 16. */
export type Ptr = number;

const PAGE_BYTES = 65536;
const ALIGN_BYTES = 16;

/**
 * One WebAssembly memory holding everything the kernels touch: weights, the KV arena,
 * activations. Sized once up front and never grown, so the typed-array views handed
 * out stay valid (growing would detach them) and WebAssembly kernels can address
 * every tensor by offset with no copying.
 */
export class KernelHeap {
  readonly memory: WebAssembly.Memory;
  readonly f32: Float32Array;
  readonly i32: Int32Array;
  private top = ALIGN_BYTES;

  constructor(readonly capacityBytes: number) {
    const pages = Math.ceil((capacityBytes + ALIGN_BYTES) / PAGE_BYTES);
    if (pages > 65536) throw new RangeError(`kernel heap of ${capacityBytes} bytes exceeds the 4 GiB WebAssembly limit`);
    this.memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
    this.f32 = new Float32Array(this.memory.buffer);
    this.i32 = new Int32Array(this.memory.buffer);
  }

  /** Bytes a tensor of `elements` 4-byte elements occupies once aligned; for sizing a heap. */
  static footprint(elements: number): number {
    return Math.ceil((elements * 4) / ALIGN_BYTES) * ALIGN_BYTES;
  }

  /** Reserves `elements` 4-byte elements, zeroed, and returns their offset. */
  alloc(elements: number): Ptr {
    const ptr = this.top;
    const end = ptr + KernelHeap.footprint(elements);
    if (end > this.memory.buffer.byteLength) throw new RangeError(`kernel heap exhausted: ${end} > ${this.memory.buffer.byteLength} bytes`);
    this.top = end;
    return ptr;
  }

  /** A float view of `elements` floats at `ptr`. */
  f32View(ptr: Ptr, elements: number): Float32Array {
    return new Float32Array(this.memory.buffer, ptr, elements);
  }

  /** Copies `values` into freshly reserved space. */
  store(values: Float32Array): Ptr {
    const ptr = this.alloc(values.length);
    this.f32.set(values, ptr >> 2);
    return ptr;
  }

  get usedBytes(): number {
    return this.top;
  }
}
