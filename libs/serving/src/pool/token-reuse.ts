import { type TokenReuse } from '../prefill/prefill.job';
import { type PoolTier } from './kv-pool-client.port';

/**
 * Splits the prompt tokens an engine reused by the tier their blocks came from. The engine
 * reuses a leading run of blocks: its own memory's first, then those imported from the pool.
 */
export function reuseByTier(reusedTokens: number, ownBlocks: number, imported: Readonly<Record<PoolTier, number>>, blockSizeTokens: number): TokenReuse {
  const reusedBlocks = Math.floor(reusedTokens / blockSizeTokens);
  const device = Math.min(ownBlocks, reusedBlocks);
  const dram = Math.min(imported.dram, reusedBlocks - device);
  const ssd = Math.min(imported.ssd, reusedBlocks - device - dram);
  return { device: device * blockSizeTokens, dram: dram * blockSizeTokens, ssd: ssd * blockSizeTokens };
}
