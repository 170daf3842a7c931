import { adapterModelKey, type Engine } from '@tsukimi/engine';
import { BlockDigestHasher, type BlockDigest, type BlockKey } from '@tsukimi/kv-block';

/** Each of a prompt's block keys with the digest its block's header must carry. */
export type BlockDigests = ReadonlyMap<BlockKey, BlockDigest>;

/**
 * A prompt's block digests, in the namespace the engine seeds its keys with (its model, or an
 * adapter's `adapterModelKey`; the tenant salt; the block size): what a block written for the
 * prompt carries and what one read for it must carry. Keeps one hasher per namespace.
 */
export class PromptDigests {
  private readonly hashers = new Map<string, BlockDigestHasher>();

  constructor(private readonly engine: Engine) {}

  /** `keys` are the prompt's block keys (`engine.blockKeys` of the same tokens, salt and adapter). */
  of(tokens: readonly number[], keys: readonly BlockKey[], tenantSalt = '', adapter?: string): BlockDigests {
    const digests = this.hasher(tenantSalt, adapter).digests(tokens);
    return new Map(keys.map((key, i) => [key, digests[i]!]));
  }

  private hasher(tenantSalt: string, adapter: string | undefined): BlockDigestHasher {
    const { modelId, adapters, blockLayout } = this.engine.info;
    const adapterId = adapter === undefined ? undefined : adapters?.find((a) => a.name === adapter)?.id;
    if (adapter !== undefined && adapterId === undefined) throw new Error(`no LoRA adapter '${adapter}' is loaded`);
    const namespaceModel = adapterId === undefined ? modelId : adapterModelKey(modelId, adapterId);
    const id = `${namespaceModel}\u0000${tenantSalt}`;
    let hasher = this.hashers.get(id);
    if (!hasher) {
      hasher = new BlockDigestHasher({ modelId: namespaceModel, tenantSalt, blockSizeTokens: blockLayout.blockSizeTokens });
      this.hashers.set(id, hasher);
    }
    return hasher;
  }
}
