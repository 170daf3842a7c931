/** Slot sizes are multiples of this, so every slot starts aligned for any typed array. */
const SLOT_ALIGN_BYTES = 64;

/** A block's place in a slab: `bytes` is exactly the block's length; the rest belongs to the slabs. */
export interface SlabSlot {
  readonly bytes: Uint8Array;
}

export interface BlockSlabsOptions {
  /** Bytes per arena; 16 MiB when absent. Blocks larger than half of it get memory of their own. */
  readonly arenaBytes?: number;
}

interface Arena {
  readonly memory: Uint8Array;
  /** Slots handed out and freed since, reused first. */
  readonly free: number[];
  /** Slots below this were handed out at least once; those above were never touched. */
  next: number;
  used: number;
}

interface OwnedSlot extends SlabSlot {
  readonly arena: Arena | undefined;
  readonly index: number;
  readonly sizeClass: SizeClass | undefined;
}

class SizeClass {
  readonly arenas = new Set<Arena>();
  /** Arenas with a free or untouched slot. */
  readonly withRoom = new Set<Arena>();

  constructor(
    readonly slotBytes: number,
    readonly slotsPerArena: number,
  ) {}
}

/**
 * Memory for DRAM blocks, carved from large arenas into slots of one size per class: blocks of
 * one model share a size, so a class fills whole arenas. Each block lives in memory allocated
 * once and reused, rather than in its own allocation among the data plane's short-lived socket
 * chunks, so the process's resident memory follows the bytes held instead of the allocator's
 * fragmentation. Slots never handed out are never written, so a fresh arena costs address space,
 * not resident memory. An arena left empty is released unless it is its class's last one with room.
 */
export class BlockSlabs {
  private readonly arenaBytes: number;
  private readonly classes = new Map<number, SizeClass>();

  constructor(options: BlockSlabsOptions = {}) {
    this.arenaBytes = options.arenaBytes ?? 16 * 1024 * 1024;
    if (!Number.isSafeInteger(this.arenaBytes) || this.arenaBytes < SLOT_ALIGN_BYTES) throw new RangeError(`arenaBytes must be an integer of at least ${SLOT_ALIGN_BYTES}, got ${this.arenaBytes}`);
  }

  /** A slot of exactly `sizeBytes` (contents undefined until written). */
  allocate(sizeBytes: number): SlabSlot {
    const slotBytes = Math.max(SLOT_ALIGN_BYTES, Math.ceil(sizeBytes / SLOT_ALIGN_BYTES) * SLOT_ALIGN_BYTES);
    if (slotBytes * 2 > this.arenaBytes) {
      const owned: OwnedSlot = { bytes: Buffer.allocUnsafeSlow(sizeBytes), arena: undefined, index: 0, sizeClass: undefined };
      return owned;
    }
    const sizeClass = this.classOf(slotBytes);
    const arena = this.arenaWithRoom(sizeClass);
    const index = arena.free.pop() ?? arena.next++;
    arena.used += 1;
    if (arena.used === sizeClass.slotsPerArena) sizeClass.withRoom.delete(arena);
    const start = index * slotBytes;
    const owned: OwnedSlot = { bytes: arena.memory.subarray(start, start + sizeBytes), arena, index, sizeClass };
    return owned;
  }

  /** Hands a slot back; its bytes may be given to another block at once. */
  free(slot: SlabSlot): void {
    const { arena, index, sizeClass } = slot as OwnedSlot;
    if (arena === undefined || sizeClass === undefined) return;
    arena.free.push(index);
    arena.used -= 1;
    sizeClass.withRoom.add(arena);
    if (arena.used === 0 && sizeClass.withRoom.size > 1) {
      sizeClass.withRoom.delete(arena);
      sizeClass.arenas.delete(arena);
    }
  }

  /** Bytes of arenas held now (touched or not). */
  reservedBytes(): number {
    let bytes = 0;
    for (const sizeClass of this.classes.values()) for (const arena of sizeClass.arenas) bytes += arena.memory.length;
    return bytes;
  }

  private classOf(slotBytes: number): SizeClass {
    let sizeClass = this.classes.get(slotBytes);
    if (sizeClass === undefined) {
      sizeClass = new SizeClass(slotBytes, Math.floor(this.arenaBytes / slotBytes));
      this.classes.set(slotBytes, sizeClass);
    }
    return sizeClass;
  }

  private arenaWithRoom(sizeClass: SizeClass): Arena {
    for (const arena of sizeClass.withRoom) return arena;
    // Not zero-filled: a slot is written whole before anyone reads it.
    const arena: Arena = { memory: Buffer.allocUnsafeSlow(sizeClass.slotBytes * sizeClass.slotsPerArena), free: [], next: 0, used: 0 };
    sizeClass.arenas.add(arena);
    sizeClass.withRoom.add(arena);
    return arena;
  }
}
