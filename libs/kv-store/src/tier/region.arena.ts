import { type LentMemory } from './block-tier.port';

/** Extents start on cache lines, so two loans never share one. */
const ALIGN_BYTES = 64;

interface Extent {
  offset: number;
  sizeBytes: number;
}

/**
 * Lends parts of one fixed region (first fit, freed parts merged with their neighbours), for
 * memory that only some code can work on where it lies, such as a WebAssembly module's own. A
 * loan never released stays out of the region: the caller then falls back to other memory.
 */
export class RegionArena {
  /** Free extents, by offset, none adjacent. */
  private readonly free: Extent[];
  private lentBytes = 0;

  constructor(private readonly region: Uint8Array) {
    const usable = region.length - (region.length % ALIGN_BYTES);
    this.free = usable > 0 ? [{ offset: 0, sizeBytes: usable }] : [];
  }

  /** Bytes out on loan now (rounded up to whole cache lines). */
  get outstandingBytes(): number {
    return this.lentBytes;
  }

  /** `sizeBytes` of the region, or undefined when no free extent is that large. */
  tryTake(sizeBytes: number): LentMemory | undefined {
    const rounded = Math.ceil(Math.max(sizeBytes, 1) / ALIGN_BYTES) * ALIGN_BYTES;
    const index = this.free.findIndex((extent) => extent.sizeBytes >= rounded);
    const extent = this.free[index];
    if (extent === undefined) return undefined;
    const offset = extent.offset;
    if (extent.sizeBytes === rounded) this.free.splice(index, 1);
    else {
      extent.offset += rounded;
      extent.sizeBytes -= rounded;
    }
    this.lentBytes += rounded;
    let held = true;
    return {
      bytes: this.region.subarray(offset, offset + sizeBytes),
      release: () => {
        if (!held) return;
        held = false;
        this.giveBack(offset, rounded);
      },
    };
  }

  private giveBack(offset: number, sizeBytes: number): void {
    this.lentBytes -= sizeBytes;
    let index = this.free.findIndex((extent) => extent.offset > offset);
    if (index < 0) index = this.free.length;
    const before = this.free[index - 1];
    const after = this.free[index];
    const joinsBefore = before !== undefined && before.offset + before.sizeBytes === offset;
    const joinsAfter = after !== undefined && offset + sizeBytes === after.offset;
    if (joinsBefore && joinsAfter) {
      before.sizeBytes += sizeBytes + after.sizeBytes;
      this.free.splice(index, 1);
    } else if (joinsBefore) before.sizeBytes += sizeBytes;
    else if (joinsAfter) {
      after.offset = offset;
      after.sizeBytes += sizeBytes;
    } else this.free.splice(index, 0, { offset, sizeBytes });
  }
}
