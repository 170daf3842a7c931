import { type BlockDigest, type BlockKey } from '@tsukimi/kv-block';
import { type Clock } from '@tsukimi/telemetry';

/** One block the engine was seen to hold, with what a drain needs to weigh and export it. */
export interface HeatedBlock {
  readonly key: BlockKey;
  /** What the block's header must carry: readers that know the tokens refuse a block without it. */
  readonly digest: BlockDigest;
  /** Requests that reused it from the engine's own memory. */
  readonly hits: number;
  readonly lastUsedMs: number;
  /** The block's place in the prompts it was seen in (the earliest): a prefix is of use only from its first block. */
  readonly position: number;
}

/**
 * The blocks of the prompts an instance served, with how often each was reused from its engine's
 * memory and when it was last used: the instance's own view of which of its blocks are hot, kept
 * for a drain. Bounded to `maxBlocks`, forgetting the least recently used first (an engine holds
 * no more than its arena anyway; a forgotten block the engine still holds is simply not handed over).
 */
export class DeviceBlockHeat {
  private readonly blocks = new Map<BlockKey, HeatedBlock>();

  constructor(
    private readonly clock: Clock,
    private readonly maxBlocks: number,
  ) {}

  /** A prompt's blocks in order (each with its digest), the first `reusedFromMemory` of them found in the engine's memory. */
  touch(keys: readonly BlockKey[], digests: ReadonlyMap<BlockKey, BlockDigest>, reusedFromMemory: number): void {
    const nowMs = this.clock.monotonicMs();
    keys.forEach((key, i) => {
      const digest = digests.get(key);
      if (digest === undefined) return;
      const known = this.blocks.get(key);
      this.blocks.delete(key);
      this.blocks.set(key, { key, digest, hits: (known?.hits ?? 0) + (i < reusedFromMemory ? 1 : 0), lastUsedMs: nowMs, position: Math.min(i, known?.position ?? i) });
    });
    for (const key of this.blocks.keys()) {
      if (this.blocks.size <= this.maxBlocks) break;
      this.blocks.delete(key);
    }
  }

  snapshot(): HeatedBlock[] {
    return [...this.blocks.values()];
  }
}

/**
 * Hottest first: most hits from the engine's memory, then most recently used, then earliest in
 * its prompt (a later block is no use to a reader without the ones before it), then by key (the
 * same order for the same view). Pure.
 */
export function handoverOrder(blocks: readonly HeatedBlock[]): HeatedBlock[] {
  return [...blocks].sort((a, b) => b.hits - a.hits || b.lastUsedMs - a.lastUsedMs || a.position - b.position || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
