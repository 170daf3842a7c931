import { type TokenReuse } from '../prefill/prefill.job';
import { type PoolTier } from './kv-pool-client.port';

/**
 * Splits the prompt tokens an engine reused by the tier their blocks came from. The engine
 * reuses a leading run of blocks: its own memory's first, then those imported from the pool.
 * Blocks it reused beyond both came from its own memory too: another request sealed them there
 * between this one's fetch and its compute (concurrent requests on one shared prefix).
 */
export function reuseByTier(reusedTokens: number, ownBlocks: number, imported: Readonly<Record<PoolTier, number>>, blockSizeTokens: number): TokenReuse {
  const reusedBlocks = Math.floor(reusedTokens / blockSizeTokens);
  const pastOwn = Math.max(0, reusedBlocks - ownBlocks);
  const dram = Math.min(imported.dram, pastOwn);
  const ssd = Math.min(imported.ssd, pastOwn - dram);
  return { device: (reusedBlocks - dram - ssd) * blockSizeTokens, dram: dram * blockSizeTokens, ssd: ssd * blockSizeTokens };
}
