import { type ArenaFull, type KvArenaObserver, type KvArenaStats } from '@tsukimi/engine';
import { type BlockKey } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';
import { type BlockId } from './block-id';
import { type KernelHeap, type Ptr } from '../kernels/kernel-heap';
import { type KvGeometry } from './kv-geometry';

/**
 * The engine's "device memory": a fixed budget of KV blocks. Blocks are reference
 * counted; a full block is sealed under its chained key so later requests with the
 * same prefix reuse it, and stays cached after its sequences end until space is needed.
 */
export class KvArena {
  /** Where the arena starts in the heap; block b begins `b · blockFloats` floats later. */
  readonly ptr: Ptr;
  /** The arena's floats, a view into the heap. */
  readonly data: Float32Array;
  private readonly refs: Int32Array;
  private readonly keys: (BlockKey | undefined)[];
  private readonly byKey = new Map<BlockKey, BlockId>();
  /** Unreferenced sealed blocks; Map iteration order is least recently released first. */
  private readonly evictable = new Map<BlockId, true>();
  private readonly free: BlockId[] = [];

  constructor(
    readonly geometry: KvGeometry,
    readonly capacityBlocks: number,
    heap: KernelHeap,
    private readonly observer?: KvArenaObserver,
  ) {
    if (!Number.isInteger(capacityBlocks) || capacityBlocks < 1) throw new RangeError(`arena capacity must be a positive integer, got ${capacityBlocks}`);
    this.ptr = heap.alloc(capacityBlocks * geometry.blockFloats);
    this.data = heap.f32View(this.ptr, capacityBlocks * geometry.blockFloats);
    this.refs = new Int32Array(capacityBlocks);
    this.keys = new Array<BlockKey | undefined>(capacityBlocks);
    for (let i = capacityBlocks - 1; i >= 0; i--) this.free.push(i as BlockId);
  }

  /** A private, writable block with one reference; evicts the least recently used cached block if none is free. */
  allocate(): Result<BlockId, ArenaFull> {
    let id = this.free.pop();
    if (id === undefined) {
      const victim = this.evictable.keys().next();
      if (victim.done) return err({ kind: 'arena-full', capacityBlocks: this.capacityBlocks });
      id = victim.value;
      this.unseal(id);
    }
    this.refs[id] = 1;
    return ok(id);
  }

  /** The cached block sealed under `key`, now referenced by the caller, if this arena holds it. */
  acquire(key: BlockKey): BlockId | undefined {
    const id = this.byKey.get(key);
    if (id !== undefined) this.retain(id);
    return id;
  }

  has(key: BlockKey): boolean {
    return this.byKey.has(key);
  }

  retain(id: BlockId): void {
    if (this.refs[id]! === 0) this.evictable.delete(id);
    this.refs[id] = this.refs[id]! + 1;
  }

  release(id: BlockId): void {
    const refs = this.refs[id]! - 1;
    if (refs < 0) throw new Error(`block ${id} released more often than retained`);
    this.refs[id] = refs;
    if (refs > 0) return;
    if (this.keys[id] !== undefined) this.evictable.set(id, true);
    else this.free.push(id);
  }

  /**
   * Publishes a full block under its key. If another block already holds that key,
   * this one stays private (and is freed with its last reference): `false` is returned.
   */
  seal(id: BlockId, key: BlockKey): boolean {
    if (this.keys[id] !== undefined) return this.keys[id] === key;
    if (this.byKey.has(key)) return false;
    this.keys[id] = key;
    this.byKey.set(key, id);
    this.observer?.blockStored(key);
    return true;
  }

  keyOf(id: BlockId): BlockKey | undefined {
    return this.keys[id];
  }

  /** The block's floats, a view into the arena. */
  view(id: BlockId): Float32Array {
    const start = id * this.geometry.blockFloats;
    return this.data.subarray(start, start + this.geometry.blockFloats);
  }

  stats(): KvArenaStats {
    const cachedBlocks = this.evictable.size;
    const freeBlocks = this.free.length;
    return { capacityBlocks: this.capacityBlocks, inUseBlocks: this.capacityBlocks - cachedBlocks - freeBlocks, cachedBlocks, freeBlocks };
  }

  private unseal(id: BlockId): void {
    const key = this.keys[id];
    this.evictable.delete(id);
    if (key === undefined) return;
    this.keys[id] = undefined;
    this.byKey.delete(key);
    this.observer?.blockRemoved(key);
  }
}
