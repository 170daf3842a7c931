import { type BlockKey, blockKeyFromU64 } from '@tsukimi/kv-block';
import { type BlockEntry, type EvictionPolicy, parseNodeId, type Replica } from '@tsukimi/kv-store';
import { expectOk } from '@tsukimi/result';
import { type HeapSlot, OrderedHeap } from './ordered.heap';

/** The cache is one place; the policies never look at replicas, but an entry always has one. */
const REPLICAS: readonly Replica[] = [{ nodeId: expectOk(parseNodeId('replay'), 'replay node id'), tier: 'dram' }];

/**
 * A cached block as the pool's eviction policies see it, written as the master writes one
 * (complete, unread, unleased, unpinned), plus the replay's own id for it. A class rather than
 * an object spread, so every block has one shape and the policy's comparisons stay fast.
 */
class CachedBlock implements BlockEntry {
  readonly revision = 1;
  readonly status = 'complete';
  readonly sizeBytes = 1;
  readonly replicas = REPLICAS;
  readonly createdAtMs: number;
  readonly leaseExpiresAtMs = 0;
  readonly softPinExpiresAtMs = 0;
  readonly hardPinned = false;
  lastAccessMs: number;
  accessCount = 0;

  constructor(
    readonly id: string,
    readonly blockIndex: number,
    nowMs: number,
  ) {
    this.createdAtMs = nowMs;
    this.lastAccessMs = nowMs;
  }

  /** Unique, from the write's tick; made only when a policy needs a tie broken, which a unique clock never does. */
  get key(): BlockKey {
    return blockKeyFromU64(BigInt(this.createdAtMs));
  }
}

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
    /** Told of each block evicted, after it is gone: how a tier demotes to the next. */
    private readonly onEvict?: (id: string) => void,
  ) {
    this.order = Number.isFinite(capacityBlocks) ? new OrderedHeap<CachedBlock>(policy.compare) : undefined;
  }

  get sizeBlocks(): number {
    return this.blocks.size;
  }

  get evictedBlocks(): number {
    return this.evicted;
  }

  /** Whether the block is cached, without counting a read. */
  has(id: string): boolean {
    return this.blocks.has(id);
  }

  /** Leading ids of `ids` cached, without counting reads. */
  prefixBlocks(ids: readonly string[]): number {
    let n = 0;
    while (n < ids.length && this.blocks.has(ids[n]!)) n++;
    return n;
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
    const block = new CachedBlock(id, blockIndex, ++this.clockMs);
    this.blocks.set(id, this.order?.add(block) ?? { value: block, heapIndex: -1 });
    return true;
  }

  private evictOne(): void {
    const victim = this.order?.removeFirst();
    if (victim === undefined) throw new Error('BlockCache: full but nothing to evict');
    this.blocks.delete(victim.id);
    this.evicted += 1;
    this.onEvict?.(victim.id);
  }
}
