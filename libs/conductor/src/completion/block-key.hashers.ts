import { BlockKeyHasher, blockHashOptions } from '@tsukimi/kv-block';

/** Hashers kept at most; past it the cache starts over (tenants come and go). */
const MAX_HASHERS = 1024;

/** Block key hashers as the instances compute keys: seeded by model key (a model id or an adapter's `adapterModelKey`), tenant and block size. */
export class BlockKeyHashers {
  private readonly hashers = new Map<string, BlockKeyHasher>();

  get(modelKey: string, tenantSalt: string, blockSizeTokens: number): BlockKeyHasher {
    const cacheKey = JSON.stringify([modelKey, tenantSalt]);
    let hasher = this.hashers.get(cacheKey);
    if (!hasher || hasher.blockSizeTokens !== blockSizeTokens) {
      hasher = new BlockKeyHasher(blockHashOptions({ modelId: modelKey, tenantSalt, blockSizeTokens }));
      if (this.hashers.size > MAX_HASHERS) this.hashers.clear();
      this.hashers.set(cacheKey, hasher);
    }
    return hasher;
  }
}
