import { type InstanceRegistry } from '@tsukimi/conductor';
import { type InstanceLoad } from '@tsukimi/planner';
import { type InstanceRole } from '@tsukimi/scheduler';

/** The registry's instances as the planner's `InstanceLoad`: queues and batches from the snapshot, KV blocks from each instance's facts. */
export function instanceLoads(registry: InstanceRegistry): InstanceLoad[] {
  const facts = new Map(registry.states().map((s) => [s.id, s.facts]));
  const loads = (role: InstanceRole): InstanceLoad[] =>
    registry.snapshot(role).map((s) => {
      const f = facts.get(s.id);
      const queued = s.queuedPrefills?.reduce((sum, p) => sum + p.promptTokens - p.reusedTokens, 0) ?? s.inFlightTokens;
      const batch = s.decodeBatch ?? [];
      return {
        role,
        routable: s.routable,
        queuedUncachedTokens: queued,
        queuedRequests: s.queuedPrefills?.length ?? s.inFlightRequests,
        batchSize: s.decodeBatch ? batch.length : s.inFlightRequests,
        contextTokens: s.decodeBatch ? batch.reduce((sum, w) => sum + w.contextTokens, 0) : s.inFlightTokens,
        kvCapacityBlocks: f?.arenaCapacityBlocks ?? 0,
        ...(f?.arenaFreeBlocks !== undefined ? { kvFreeBlocks: f.arenaFreeBlocks } : {}),
        blockSizeTokens: f?.blockSizeTokens ?? 1,
      };
    });
  return [...loads('prefill'), ...loads('decode')];
}
