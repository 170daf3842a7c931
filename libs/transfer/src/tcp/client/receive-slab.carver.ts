import { type ReceiveBuffer } from './receive-buffer.pool';

/** Where a carver gets its slabs and gives them back (the receive pool, for one size class). */
export interface SlabSource {
  take(): ArrayBuffer;
  /** Takes back a slab no holder uses any more; moves it, so views kept past release read as empty. */
  put(memory: ArrayBuffer): void;
}

interface Slab {
  readonly memory: ArrayBuffer;
  usedBytes: number;
  /** Buffers carved from it and not yet released. */
  lent: number;
  /** No more buffers are carved from it: it goes back once `lent` reaches 0. */
  sealed: boolean;
}

/** Buffers start at multiples of this, as an allocator would place them. */
const ALIGN_BYTES = 8;

/**
 * Carves small buffers back to back out of slabs, so a block of a few KiB (a prompt's block of 16
 * tokens) costs a view instead of an ArrayBuffer of its own, whose allocation and external memory
 * cost more than its copy. A slab goes back to its source only once it is full and every buffer
 * carved from it has been released; a buffer never released keeps its slab from going back, and
 * the garbage collector frees the slab with the last view of it.
 */
export class SlabCarver {
  private current: Slab | null = null;

  constructor(
    private readonly slabBytes: number,
    private readonly source: SlabSource,
  ) {}

  /** A buffer of exactly `sizeBytes` (at most the slab size), its contents undefined. */
  take(sizeBytes: number): ReceiveBuffer {
    let slab = this.current;
    if (slab === null || slab.usedBytes + sizeBytes > this.slabBytes) {
      if (slab !== null) this.seal(slab);
      slab = { memory: this.source.take(), usedBytes: 0, lent: 0, sealed: false };
      this.current = slab;
    }
    const offset = slab.usedBytes;
    slab.usedBytes += Math.ceil(sizeBytes / ALIGN_BYTES) * ALIGN_BYTES;
    slab.lent++;
    const owner = slab;
    let held = true;
    return {
      bytes: Buffer.from(owner.memory, offset, sizeBytes),
      // The bytes after this buffer are the next holder's.
      spareBytes: 0,
      release: () => {
        if (!held) return;
        held = false;
        if (--owner.lent === 0 && owner.sealed) this.source.put(owner.memory);
      },
    };
  }

  private seal(slab: Slab): void {
    slab.sealed = true;
    if (slab.lent === 0) this.source.put(slab.memory);
  }
}
