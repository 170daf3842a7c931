import { type Engine } from '@tsukimi/engine';
import { type BlockCodecError, type BlockKey } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';
import { checkAdapter, type UnknownAdapter } from '../adapter/adapter.check';
import { sameBlockKeys } from '../pool/block-keys.equal';
import { type KvPoolClient, type PoolTier } from '../pool/kv-pool-client.port';
import { PromptDigests } from '../pool/prompt-digests';
import { PlannedPrefixLoader } from './planned-prefix.loader';

/** A prefix to warm: its block keys in prompt order, and the tokens, tenant salt and adapter they key. */
export interface WarmPrefix {
  readonly blockKeys: readonly BlockKey[];
  /** The prefix's tokens, at least `blockKeys`' worth; tokens past them are not looked at. */
  readonly promptTokens: readonly number[];
  readonly tenantSalt: string;
  /** The LoRA adapter the keys belong to, one the engine has loaded; absent for the base model. */
  readonly adapter?: string;
}

/** The block keys a warm named are not those the engine gives the tokens it named (another model, salt or adapter, or other tokens). */
export interface WarmKeysMismatch {
  readonly kind: 'keys-mismatch';
  readonly message: string;
}

/** What one warm left in the engine's memory. */
export interface WarmedPrefix {
  /** Leading blocks of the prefix the engine holds now. */
  readonly heldBlocks: number;
  /** Of them, the blocks this warm took from the pool, by the tier they were read from. */
  readonly loaded: Readonly<Record<PoolTier, number>>;
  /** Blocks the engine refused (bad checksum, foreign model or layout, another prompt's digest). */
  readonly refused: readonly BlockCodecError['kind'][];
}

/**
 * Loads a prefix's blocks from the pool into the engine's memory ahead of the requests for it, so
 * that this instance holds a warm copy of a hot prefix. The blocks are read as a prefill without a
 * plan reads them (any replica, the leading run the pool holds past the engine's own) and stay as
 * the engine's prefix cache, evictable like any block no sequence holds. The instance keys the
 * prefix's tokens itself and checks every block's digest against them, as a prefill does: a block
 * stored under a colliding key is refused rather than kept as this prefix's KV.
 */
export class PrefixWarmer {
  private readonly promptDigests: PromptDigests;

  constructor(
    private readonly engine: Engine,
    private readonly pool: KvPoolClient,
  ) {
    this.promptDigests = new PromptDigests(engine);
  }

  async warm(prefix: WarmPrefix): Promise<Result<WarmedPrefix, UnknownAdapter | WarmKeysMismatch>> {
    const checked = checkAdapter(this.engine, prefix.adapter);
    if (!checked.ok) return checked;
    const { blockKeys } = prefix;
    const tokens = prefix.promptTokens.slice(0, blockKeys.length * this.engine.info.blockLayout.blockSizeTokens);
    const keys = this.engine.blockKeys(tokens, prefix.tenantSalt, checked.value);
    if (!sameBlockKeys(keys, blockKeys)) {
      return err({ kind: 'keys-mismatch', message: 'the block keys are not those of the tokens for this instance (model, adapter, block size, tenant or tokens differ)' });
    }
    const digests = this.promptDigests.of(tokens, keys, prefix.tenantSalt, checked.value);
    const own = this.engine.cachedPrefixBlocks(keys);
    const loaded = await PlannedPrefixLoader.load(this.engine, this.pool, keys, digests, own, undefined, false);
    return ok({ heldBlocks: this.engine.cachedPrefixBlocks(keys), loaded: loaded.imported, refused: loaded.refused });
  }
}
