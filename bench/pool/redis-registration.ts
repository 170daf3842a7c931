import { completeEntryDraft, type NodeId, replicaEvents } from '@tsukimi/kv-store';
import { RedisMetadataStore } from '@tsukimi/kv-store-redis';
import { type Redis } from 'ioredis';
import { benchKey } from './pool-bench.blocks';

/** Entry writes in flight at once: enough to keep Redis busy, sent without waiting on each reply. */
const IN_FLIGHT = 2_000;

/**
 * Registers blocks `[from, to)` as complete on `nodeId`'s DRAM, written into the pool's Redis
 * metadata (`prefix`) through the Redis store's own compare-and-swap, the write every master
 * change ends in (the entry, the node's set, the ledger and the `stored` event, in one script),
 * many in flight. Bypasses the master process: its gRPC put spends about half a millisecond of
 * CPU per block, so at a million blocks its own CPU, not the idle state, would bound the bench.
 * Written entries look as a put leaves them, revision aside (1 here, 2 after start and end).
 */
export async function registerBlocksInRedis(redis: Redis, prefix: string, nodeId: NodeId, range: { readonly from: number; readonly to: number }, salt: number, sizeBytes: number): Promise<void> {
  const store = new RedisMetadataStore(redis, { prefix });
  await store.loadScripts();
  const nowMs = Date.now();
  let next = range.from;
  const worker = async () => {
    while (next < range.to) {
      const n = next++;
      const entry = completeEntryDraft({ key: benchKey(n, salt), sizeBytes, nodeId, tier: 'dram', blockIndex: n % 512 }, nowMs);
      const swapped = await store.swapEntry({ key: entry.key, expected: undefined, next: entry, events: replicaEvents(undefined, entry) });
      if (!swapped.ok) throw new Error(`block ${n} was already registered`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, range.to - range.from) }, worker));
}
