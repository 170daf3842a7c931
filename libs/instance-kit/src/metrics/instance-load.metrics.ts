import { type Engine } from '@tsukimi/engine';
import { type Metrics, type ReadinessRegistry } from '@tsukimi/service-kit';
import { type InstanceRole } from '@tsukimi/scheduler';

/** What an instance is doing at one moment; read at every scrape. */
export interface InstanceLoad {
  /** Requests waiting: for a prefill slot, or for a seat in the decode batch. */
  readonly queueDepth: number;
  /** Sequences the engine computes at once. */
  readonly batchSize: number;
  /** Requests the instance holds, waiting or not. */
  readonly activeSequences: number;
}

/** An engine's device tier in blocks; the three add up to all of it. */
export interface DeviceKvBlocks {
  /** Held by running sequences. */
  readonly usedBlocks: number;
  /** Sealed blocks no sequence holds: the prefix cache, evictable. */
  readonly cachedBlocks: number;
  readonly freeBlocks: number;
}

/**
 * The device tier of `engine`. Where running sequences hold their KV outside the block arena
 * (llama.cpp's context cells, the arena keeping only sealed copies), the tier is both: the
 * context's cells count as used or free, the arena's copies as cached or free.
 */
export function deviceKvBlocks(engine: Pick<Engine, 'arenaStats' | 'contextStats'>): DeviceKvBlocks {
  const arena = engine.arenaStats();
  const context = engine.contextStats?.() ?? { capacityBlocks: 0, inUseBlocks: 0 };
  return {
    usedBlocks: arena.inUseBlocks + context.inUseBlocks,
    cachedBlocks: arena.cachedBlocks,
    freeBlocks: arena.freeBlocks + context.capacityBlocks - context.inUseBlocks,
  };
}

/**
 * Exports an instance's load, its engine's device-tier KV and its readiness as gauges labelled
 * with its role. They are sampled at every scrape, from `load`, the engine and the same checks
 * `/readyz` runs, so an idle instance reads 0 rather than the last busy value, and a draining
 * one reads unready.
 */
export function exportInstanceLoad(metrics: Metrics, readiness: ReadinessRegistry, role: InstanceRole, engine: Pick<Engine, 'arenaStats' | 'contextStats'>, load: () => InstanceLoad): void {
  const labels = { role };
  const ready = metrics.get('tsukimi_instance_ready');
  const queueDepth = metrics.get('tsukimi_instance_queue_depth');
  const batchSize = metrics.get('tsukimi_instance_batch_size');
  const active = metrics.get('tsukimi_instance_active_sequences');
  const used = metrics.get('tsukimi_instance_kv_used_blocks');
  const cached = metrics.get('tsukimi_instance_kv_cached_blocks');
  const free = metrics.get('tsukimi_instance_kv_free_blocks');
  metrics.sampleOnScrape(async () => {
    const now = load();
    const kv = deviceKvBlocks(engine);
    queueDepth.set(labels, now.queueDepth);
    batchSize.set(labels, now.batchSize);
    active.set(labels, now.activeSequences);
    used.set(labels, kv.usedBlocks);
    cached.set(labels, kv.cachedBlocks);
    free.set(labels, kv.freeBlocks);
    ready.set(labels, (await readiness.evaluate()).ready ? 1 : 0);
  });
}
