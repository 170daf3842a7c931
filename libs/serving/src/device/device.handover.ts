import { type Engine } from '@tsukimi/engine';
import { type BlockKey } from '@tsukimi/kv-block';
import { type Clock } from '@tsukimi/telemetry';
import { type KvPoolClient } from '../pool/kv-pool-client.port';
import { type DeviceBlockHeat, handoverOrder } from './device-block.heat';

/** What a drain handed to the pool of the blocks its engine held. */
export interface HandoverReport {
  /** Blocks written to the pool by the handover: those it lacked. */
  readonly handedBlocks: number;
  readonly handedBytes: number;
  /** Blocks the pool already held: nothing to hand over. */
  readonly poolHadBlocks: number;
  /** Blocks no longer in the engine's memory (evicted since they were used). */
  readonly goneBlocks: number;
  /** Blocks not tried: the budget ran out, or the pool failed a store. */
  readonly leftBlocks: number;
  readonly budgetSpent: boolean;
  /** A store failed (the pool did not answer or refused); the handover stopped there. */
  readonly storeFailed: boolean;
}

export interface HandoverOptions {
  /** Time allowed from the start; a store under way when it ends is finished (each store has the pool's own deadline). */
  readonly budgetMs: number;
  /** Blocks per store. */
  readonly batchBlocks?: number;
}

/**
 * Hands the blocks an engine holds to the pool before the instance goes, hottest first
 * (`handoverOrder`), in batches, within a budget: each store writes only what the pool lacks, so
 * blocks already stored cost a lookup. Never throws; a pool failure ends the handover.
 */
export async function handOverDeviceBlocks(engine: Engine, pool: KvPoolClient, heat: DeviceBlockHeat, clock: Clock, options: HandoverOptions): Promise<HandoverReport> {
  const deadlineMs = clock.monotonicMs() + options.budgetMs;
  const batchBlocks = Math.max(1, options.batchBlocks ?? 32);
  const order = handoverOrder(heat.snapshot());
  const tally = { handedBlocks: 0, handedBytes: 0, poolHadBlocks: 0, goneBlocks: 0, leftBlocks: 0, budgetSpent: false, storeFailed: false };
  for (let start = 0; start < order.length; start += batchBlocks) {
    if (clock.monotonicMs() >= deadlineMs) {
      tally.budgetSpent = true;
      tally.leftBlocks = order.length - start;
      break;
    }
    const batch = order.slice(start, start + batchBlocks);
    const held = batch.filter((block) => engine.cachedPrefixBlocks([block.key]) === 1);
    tally.goneBlocks += batch.length - held.length;
    if (held.length === 0) continue;
    const digests = new Map(held.map((block) => [block.key, block.digest]));
    let readBytes = 0;
    const read = (key: BlockKey): Uint8Array | undefined => {
      const bytes = engine.exportBlock(key, digests.get(key));
      if (!bytes.ok) return undefined;
      readBytes += bytes.value.length;
      return bytes.value;
    };
    const stored = await pool.store(held.map((block) => block.key), read).catch(() => undefined);
    if (stored === undefined || !stored.ok) {
      tally.storeFailed = true;
      tally.leftBlocks = order.length - start;
      break;
    }
    tally.handedBlocks += stored.value.stored;
    tally.handedBytes += readBytes;
    tally.poolHadBlocks += stored.value.existing;
  }
  return tally;
}
