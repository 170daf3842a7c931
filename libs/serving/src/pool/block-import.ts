import { type Engine } from '@tsukimi/engine';
import { type BlockCodecError } from '@tsukimi/kv-block';
import { type FetchedBlock, type PoolTier } from './kv-pool-client.port';
import { type BlockDigests } from './prompt-digests';

export interface ImportReport {
  /** Blocks now in the engine's memory, by the tier they came from, counting only the leading run. */
  readonly imported: Readonly<Record<PoolTier, number>>;
  /** Blocks the engine refused (bad checksum, foreign model or layout, another prompt's digest): they will be recomputed. */
  readonly refused: readonly BlockCodecError['kind'][];
}

/**
 * Imports fetched blocks in order, stopping at the first one the engine refuses or cannot
 * hold, since only a leading run of blocks can be reused. A block whose header digest is not the
 * one `digests` expects for its key (another prompt's KV under a colliding key) is refused.
 */
export function importLeadingBlocks(engine: Engine, blocks: readonly FetchedBlock[], digests: BlockDigests): ImportReport {
  const imported: Record<PoolTier, number> = { dram: 0, ssd: 0 };
  const refused: BlockCodecError['kind'][] = [];
  let stopped = false;
  for (const block of blocks) {
    if (!stopped) {
      const result = engine.importBlock(block.bytes, block.key, digests.get(block.key));
      if (result.ok) imported[block.tier]++;
      else {
        if (result.error.kind !== 'arena-full') refused.push(result.error.kind);
        stopped = true;
      }
    }
    // The engine copied what it took into its own memory; the transfer engine may reuse the buffer.
    block.release?.();
  }
  return { imported, refused };
}
