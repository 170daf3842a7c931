import { type BlockKey, copyBlockBytes } from '@tsukimi/kv-block';
import { ok, type Result } from '@tsukimi/result';
import { type FetchedBlock, type FetchOptions, type KvPoolClient, type NodeRead, type PartedStore, type PoolFailure, type StoreOptions, type StoreReport } from './kv-pool-client.port';
import { wholeStoresInParts } from './whole-stores.parted';

/**
 * The pool as a map in this process, one node named `nodeId`: for unit tests of the workers
 * and for single-process runs. It passes the same contract suite as the real kvpool client.
 */
export class MemoryKvPool implements KvPoolClient {
  readonly blocks = new Map<BlockKey, Uint8Array>();
  /** Fetches waiting for a key to be stored. */
  private readonly waiters = new Map<BlockKey, Set<() => void>>();

  constructor(readonly nodeId = 'memory') {}

  async fetchFrom(node: string, keys: readonly BlockKey[]): Promise<Result<NodeRead, PoolFailure>> {
    const run = node === this.nodeId ? await this.fetchPrefix(keys) : ok([]);
    const blocks = run.ok ? run.value : [];
    return ok(blocks.length < keys.length ? { blocks, stoppedBy: 'missing' } : { blocks });
  }

  async fetchPrefix(keys: readonly BlockKey[], options: FetchOptions = {}): Promise<Result<FetchedBlock[], PoolFailure>> {
    const awaited = options.waitFor ?? keys[0];
    if (keys.length > 0 && awaited !== undefined && (options.waitMs ?? 0) > 0 && !this.blocks.has(awaited)) await this.arrival(awaited, options.waitMs!);
    const out: FetchedBlock[] = [];
    for (const key of keys) {
      const bytes = this.blocks.get(key);
      if (!bytes) break;
      out.push({ key, bytes: copyBlockBytes(bytes), tier: 'dram' });
    }
    return ok(out);
  }

  async store(keys: readonly BlockKey[], read: (key: BlockKey) => Uint8Array | undefined, options: StoreOptions = {}): Promise<Result<StoreReport, PoolFailure>> {
    let stored = 0;
    let existing = 0;
    for (const key of keys) {
      // Like the real pool's put: a fresh store exports the block before learning it is held.
      if (options.fresh) read(key);
      if (this.blocks.has(key)) {
        existing++;
        continue;
      }
      const bytes = read(key);
      if (!bytes) continue;
      this.blocks.set(key, copyBlockBytes(bytes));
      for (const wake of this.waiters.get(key) ?? []) wake();
      stored++;
    }
    return ok({ stored, existing });
  }

  storeInParts(): PartedStore {
    return wholeStoresInParts(this);
  }

  /** Resolves once `key` is stored or `waitMs` has passed. */
  private arrival(key: BlockKey, waitMs: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const set = this.waiters.get(key) ?? new Set();
      const wake = () => {
        clearTimeout(timer);
        set.delete(wake);
        if (set.size === 0) this.waiters.delete(key);
        resolve();
      };
      const timer = setTimeout(wake, waitMs);
      set.add(wake);
      this.waiters.set(key, set);
    });
  }
}
