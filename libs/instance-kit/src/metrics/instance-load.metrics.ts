import { type KvArenaStats } from '@tsukimi/engine';
import { type Metrics, type ReadinessRegistry } from '@tsukimi/service-kit';

export type InstanceRole = 'prefill' | 'decode';

/** What an instance is doing at one moment; read at every scrape. */
export interface InstanceLoad {
  /** Requests waiting: for a prefill slot, or for a seat in the decode batch. */
  readonly queueDepth: number;
  /** Sequences the engine computes at once. */
  readonly batchSize: number;
  /** Requests the instance holds, waiting or not. */
  readonly activeSequences: number;
  /** The engine's device tier. */
  readonly kv: KvArenaStats;
}

/**
 * Exports an instance's load, device-tier KV and readiness as gauges labelled with its role.
 * They are sampled at every scrape, from `load` and from the same checks `/readyz` runs, so
 * an idle instance reads 0 rather than the last busy value, and a draining one reads unready.
 */
export function exportInstanceLoad(metrics: Metrics, readiness: ReadinessRegistry, role: InstanceRole, load: () => InstanceLoad): void {
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
    queueDepth.set(labels, now.queueDepth);
    batchSize.set(labels, now.batchSize);
    active.set(labels, now.activeSequences);
    used.set(labels, now.kv.inUseBlocks);
    cached.set(labels, now.kv.cachedBlocks);
    free.set(labels, now.kv.freeBlocks);
    ready.set(labels, (await readiness.evaluate()).ready ? 1 : 0);
  });
}
