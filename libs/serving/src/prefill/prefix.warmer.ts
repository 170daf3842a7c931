import { type Engine } from '@tsukimi/engine';
import { type BlockCodecError, type BlockKey } from '@tsukimi/kv-block';
import { ok, type Result } from '@tsukimi/result';
import { checkAdapter, type UnknownAdapter } from '../adapter/adapter.check';
import { type KvPoolClient, type PoolTier } from '../pool/kv-pool-client.port';
import { PlannedPrefixLoader } from './planned-prefix.loader';

/** What one warm left in the engine's memory. */
export interface WarmedPrefix {
  /** Leading blocks of the prefix the engine holds now. */
  readonly heldBlocks: number;
  /** Of them, the blocks this warm took from the pool, by the tier they were read from. */
  readonly loaded: Readonly<Record<PoolTier, number>>;
  /** Blocks the engine refused (bad checksum, foreign model or layout). */
  readonly refused: readonly BlockCodecError['kind'][];
}

/**
 * Loads a prefix's blocks from the pool into the engine's memory ahead of the requests for it, so
 * that this instance holds a warm copy of a hot prefix. The blocks are read as a prefill without a
 * plan reads them (any replica, the leading run the pool holds past the engine's own) and stay as
 * the engine's prefix cache, evictable like any block no sequence holds. `keys` are seeded as the
 * prefill's would be (tenant salt and adapter), so a request for the prefix finds them.
 */
export class PrefixWarmer {
  constructor(
    private readonly engine: Engine,
    private readonly pool: KvPoolClient,
  ) {}

  async warm(keys: readonly BlockKey[], adapter: string | undefined): Promise<Result<WarmedPrefix, UnknownAdapter>> {
    const checked = checkAdapter(this.engine, adapter);
    if (!checked.ok) return checked;
    const own = this.engine.cachedPrefixBlocks(keys);
    const loaded = await PlannedPrefixLoader.load(this.engine, this.pool, keys, own, undefined, false);
    return ok({ heldBlocks: this.engine.cachedPrefixBlocks(keys), loaded: loaded.imported, refused: loaded.refused });
  }
}
