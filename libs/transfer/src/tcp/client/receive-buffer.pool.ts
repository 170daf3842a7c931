import { moveArrayBuffer } from './array-buffer.move';
import { SlabCarver } from './receive-slab.carver';

/** Memory a received block lands in, held from `take` until `release`. */
export interface ReceiveBuffer {
  /** Exactly the size asked for. Must not be used after `release()`. */
  readonly bytes: Buffer;
  /**
   * How many bytes of the same memory follow `bytes` (the rest of its size class), which the
   * holder may also write into until release: a reader can let the frames after a block land
   * there in the same read. 0 for memory that is not the holder's alone.
   */
  readonly spareBytes: number;
  /** Hands the memory back for reuse. Only the first call counts; later calls do nothing. */
  readonly release: () => void;
}

export interface ReceiveBufferPoolOptions {
  /** Most bytes kept idle for reuse; past it the longest-idle buffers are dropped. 0 turns reuse off. */
  readonly budgetBytes: number;
  /** Smallest size class; smaller buffers are carved from shared slabs of 4 classes' size. Default 64 KiB. */
  readonly minClassBytes?: number;
  /** Sizes up to this round up to a power of two; larger ones up to whole 4 KiB pages. Default 1 MiB. */
  readonly exactAboveBytes?: number;
}

export interface ReceiveBufferPoolStats {
  readonly idleBytes: number;
  readonly idleBuffers: number;
  /** Takes served from an idle buffer. */
  readonly reused: number;
  /** Takes that allocated (pooled sizes only). */
  readonly allocated: number;
}

interface Idle {
  readonly memory: ArrayBuffer;
  readonly releasedAt: number;
}

const KiB = 1024;
/** The allocator maps large buffers in whole pages anyway; a class of whole pages leaves room after the block for free. */
const PAGE_BYTES = 4 * KiB;

/**
 * Receive memory that is reused instead of freed: large buffers that go back to the allocator
 * are unmapped and page-faulted in again by the next block (glibc), which costs more than the
 * socket copy itself. Buffers are grouped in size classes and reused last-in first-out, so the
 * most recently touched memory goes out first.
 *
 * A release detaches the holder's ArrayBuffer (the memory moves to a new one the pool keeps), so
 * bytes used after release read as empty instead of as another block's data, and a buffer can
 * never be handed to two holders. A buffer never released is garbage-collected as usual.
 */
export class ReceiveBufferPool {
  private readonly idle = new Map<number, Idle[]>();
  private readonly minClassBytes: number;
  private readonly exactAboveBytes: number;
  private readonly slabs: SlabCarver;
  private budgetBytes: number;
  private idleBytes = 0;
  private idleBuffers = 0;
  private releases = 0;
  private reused = 0;
  private allocated = 0;

  constructor(options: ReceiveBufferPoolOptions) {
    this.budgetBytes = options.budgetBytes;
    this.minClassBytes = options.minClassBytes ?? 64 * KiB;
    this.exactAboveBytes = options.exactAboveBytes ?? 1024 * KiB;
    const slabBytes = 4 * this.minClassBytes;
    this.slabs = new SlabCarver(slabBytes, { take: () => this.acquire(slabBytes), put: (memory) => this.put(slabBytes, memory) });
  }

  /** The size of the memory a buffer of `sizeBytes` occupies, or null when such buffers are not pooled on their own. */
  classOf(sizeBytes: number): number | null {
    if (sizeBytes < this.minClassBytes || this.budgetBytes === 0) return null;
    if (sizeBytes > this.exactAboveBytes) return Math.ceil(sizeBytes / PAGE_BYTES) * PAGE_BYTES;
    return Math.max(this.minClassBytes, 2 ** Math.ceil(Math.log2(sizeBytes)));
  }

  /** A buffer of exactly `sizeBytes`, its contents undefined (like `Buffer.allocUnsafe`). */
  take(sizeBytes: number): ReceiveBuffer {
    const classBytes = this.classOf(sizeBytes);
    if (classBytes === null && this.budgetBytes > 0) return this.slabs.take(sizeBytes);
    // Unpooled buffers may be slices of Node's shared allocation pool: nothing past them is ours.
    if (classBytes === null) return { bytes: Buffer.allocUnsafe(sizeBytes), spareBytes: 0, release: () => undefined };
    const memory = this.acquire(classBytes);
    let held = true;
    return {
      bytes: Buffer.from(memory, 0, sizeBytes),
      spareBytes: classBytes - sizeBytes,
      release: () => {
        if (!held) return;
        held = false;
        this.put(classBytes, memory);
      },
    };
  }

  stats(): ReceiveBufferPoolStats {
    return { idleBytes: this.idleBytes, idleBuffers: this.idleBuffers, reused: this.reused, allocated: this.allocated };
  }

  /** Drops every idle buffer and keeps none from now on. */
  close(): void {
    this.budgetBytes = 0;
    this.idle.clear();
    this.idleBytes = 0;
    this.idleBuffers = 0;
  }

  /** Idle memory of `classBytes`, or new memory when none is idle. */
  private acquire(classBytes: number): ArrayBuffer {
    const idle = this.idle.get(classBytes)?.pop();
    if (idle === undefined) {
      this.allocated++;
      return Buffer.allocUnsafeSlow(classBytes).buffer;
    }
    this.idleBytes -= classBytes;
    this.idleBuffers--;
    this.reused++;
    return idle.memory;
  }

  private put(classBytes: number, memory: ArrayBuffer): void {
    // Moving the memory to a new ArrayBuffer detaches every view the holder may have kept;
    // null when the holder detached it itself (transferred it elsewhere): nothing left to keep.
    const kept = moveArrayBuffer(memory);
    if (kept === null || kept.byteLength !== classBytes || classBytes > this.budgetBytes) return;
    while (this.idleBytes + classBytes > this.budgetBytes && this.dropLongestIdle());
    let stack = this.idle.get(classBytes);
    if (stack === undefined) {
      stack = [];
      this.idle.set(classBytes, stack);
    }
    stack.push({ memory: kept, releasedAt: ++this.releases });
    this.idleBytes += classBytes;
    this.idleBuffers++;
  }

  /** Drops the buffer released longest ago; false when none is idle. */
  private dropLongestIdle(): boolean {
    let oldest: { classBytes: number; stack: Idle[] } | null = null;
    for (const [classBytes, stack] of this.idle) {
      const first = stack[0];
      if (first !== undefined && (oldest === null || first.releasedAt < (oldest.stack[0] as Idle).releasedAt)) oldest = { classBytes, stack };
    }
    if (oldest === null) return false;
    oldest.stack.shift();
    if (oldest.stack.length === 0) this.idle.delete(oldest.classBytes);
    this.idleBytes -= oldest.classBytes;
    this.idleBuffers--;
    return true;
  }
}
