import { ok } from '@tsukimi/result';
import { type KvPoolClient, type PartedStore } from './kv-pool-client.port';

const NOTHING_STORED = ok({ stored: 0, existing: 0 });

/**
 * A pool client that reads from `pool` and stores nothing: an instance that keeps the blocks it
 * computes in its engine's memory only (`--store-to-pool false`), until a drain hands them over.
 * For measuring what a drain preserves: with stores on, the pool would hold them already.
 */
export function fetchOnly(pool: KvPoolClient): KvPoolClient {
  const parted: PartedStore = { store: async () => NOTHING_STORED, close: async () => undefined };
  return {
    fetchPrefix: (keys, options) => pool.fetchPrefix(keys, options),
    fetchFrom: (node, keys) => pool.fetchFrom(node, keys),
    store: async () => NOTHING_STORED,
    storeInParts: () => parted,
  };
}
