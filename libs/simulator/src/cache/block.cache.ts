import { blockKeyFromU64 } from '@tsukimi/kv-block';
import { type BlockEntry, type EvictionPolicy, parseNodeId, type Replica } from '@tsukimi/kv-store';
import { expectOk } from '@tsukimi/result';
import { type HeapSlot, OrderedHeap } from './ordered.heap';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** A cached block as the pool's eviction policies see it, plus the replay's own id for it. */
interface CachedBlock extends Mutable<BlockEntry> {
  readonly id: string;
}

/** The cache is one place; the policies never look at replicas, but an entry always has one. */
const REPLICAS: readonly Replica[] = [{ nodeId: expectOk(parseNodeId('replay'), 'replay node id'), tier: 'dram' }];

/** What every freshly written block has in common: complete, unread, unleased, unpinned, one unit of capacity. */
const WRITTEN = {
  revision: 1,
  status: 'complete',
  sizeBytes: 1,
  replicas: REPLICAS,
  leaseExpiresAtMs: 0,
  softPinExpiresAtMs: 0,
  hardPinned: false,
  accessCount: 0,
} as const;

/**
 * A cache of at most `capacityBlocks` blocks (Infinity: unbounded) that evicts one block at a
 * time in the order of one of the pool's eviction policies, the same `compare` the kvpool master
 * sorts by. Entries are stamped as the master stamps them: a write sets `lastAccessMs` and no
 * reads, a hit sets `lastAccessMs` and counts a read. Time is a logical clock that ticks once per
 * block access, so recency is the exact order of accesses and no two stamps tie.
 */
export class BlockCache {
  private readonly blocks = new Map<string, HeapSlot<CachedBlock>>();
  private readonly order: OrderedHeap<CachedBlock> | undefined;
  private clockMs = 0;
  private evicted = 0;

  constructor(
    policy: EvictionPolicy,
    readonly capacityBlocks: number,
  ) {
    this.order = Number.isFinite(capacityBlocks) ? new OrderedHeap<CachedBlock>(policy.compare) : undefined;
  }

  get sizeBlocks(): number {
    return this.blocks.size;
  }

  get evictedBlocks(): number {
    return this.evicted;
  }

  /** Whether the block is cached; a hit is a read. */
  lookup(id: string): boolean {
    const slot = this.blocks.get(id);
    if (slot === undefined) return false;
    slot.value.lastAccessMs = ++this.clockMs;
    slot.value.accessCount += 1;
    this.order?.update(slot);
    return true;
  }

  /** Writes a block, first evicting in policy order while the cache is full. Returns whether it was stored. */
  insert(id: string, blockIndex: number): boolean {
    if (this.blocks.has(id) || this.capacityBlocks < 1) return false;
    while (this.blocks.size >= this.capacityBlocks) this.evictOne();
    const nowMs = ++this.clockMs;
    const block: CachedBlock = { ...WRITTEN, id, key: blockKeyFromU64(BigInt(nowMs)), blockIndex, createdAtMs: nowMs, lastAccessMs: nowMs };
    this.blocks.set(id, this.order?.add(block) ?? { value: block, heapIndex: -1 });
    return true;
  }

  private evictOne(): void {
    const victim = this.order?.removeFirst();
    if (victim === undefined) throw new Error('BlockCache: full but nothing to evict');
    this.blocks.delete(victim.id);
    this.evicted += 1;
  }
}
