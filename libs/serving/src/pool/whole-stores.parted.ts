import { type KvPoolClient, type PartedStore } from './kv-pool-client.port';

/** A parted store whose every part is a whole fresh store of `pool`: nothing reserved, nothing to release. */
export function wholeStoresInParts(pool: Pick<KvPoolClient, 'store'>): PartedStore {
  return { store: (keys, read) => pool.store(keys, read, { fresh: true }), close: async () => undefined };
}
