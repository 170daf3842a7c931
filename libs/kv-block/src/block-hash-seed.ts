import { xxh3 } from '@node-rs/xxhash';
import { parseScopedSalt } from './scoped-salt';

/** Everything that must differ for two block keys of the same tokens to differ. */
export interface HashNamespace {
  readonly modelId: string;
  /**
   * Empty means the shared namespace; a per-tenant salt stops tenants probing each other's prompts
   * through cache-hit timing. A `scopedSalt` keys a declared shared prefix under its group's salt.
   */
  readonly tenantSalt: string;
  readonly blockSizeTokens: number;
}

/** What the block key hasher needs; built by `blockHashOptions` so the seed and the block size cannot disagree. */
export interface BlockHashOptions {
  readonly seed: bigint;
  readonly blockSizeTokens: number;
  /** The first `blocks` blocks of a sequence are keyed under this seed instead (a group's shared prefix); the chain runs on through them. */
  readonly shared?: { readonly seed: bigint; readonly blocks: number };
}

const SEED_ENCODING_TAG = 'TSKS';
const DIGEST_LANE_TAGS = ['TSDA', 'TSDB'] as const;
const SEED_ENCODING_VERSION = 1;
const U32_MAX = 0xffff_ffff;

export function assertBlockSizeTokens(blockSizeTokens: number): void {
  if (!Number.isInteger(blockSizeTokens) || blockSizeTokens < 1 || blockSizeTokens > U32_MAX) {
    throw new RangeError(`blockSizeTokens must be an integer in [1, ${U32_MAX}], got ${blockSizeTokens}`);
  }
}

/**
 * u64 seed for block keys: XXH3-64 (seed 0) over tag, version, then each string as u32 LE byte length
 * plus UTF-8 bytes, then blockSizeTokens as u32 LE. Length prefixes keep ("ab", "c") apart from
 * ("a", "bc"); the version lets the encoding change without silently colliding with old keys.
 */
export function deriveHashSeed(namespace: HashNamespace): bigint {
  return namespaceSeed(SEED_ENCODING_TAG, namespace);
}

/**
 * The two u64 seeds of a block digest's lanes: `deriveHashSeed`'s encoding under tags of their
 * own, so neither lane shares a seed with the keys or with the other lane.
 */
export function deriveDigestSeeds(namespace: HashNamespace): readonly [bigint, bigint] {
  return [namespaceSeed(DIGEST_LANE_TAGS[0], namespace), namespaceSeed(DIGEST_LANE_TAGS[1], namespace)];
}

function namespaceSeed(tag: string, namespace: HashNamespace): bigint {
  const { modelId, tenantSalt, blockSizeTokens } = namespace;
  if (modelId.length === 0) throw new RangeError('modelId must not be empty: block keys would not be bound to a model');
  assertBlockSizeTokens(blockSizeTokens);
  const model = Buffer.from(modelId, 'utf8');
  const salt = Buffer.from(tenantSalt, 'utf8');
  const bytes = Buffer.alloc(4 + 4 + 4 + model.length + 4 + salt.length + 4);
  let at = bytes.write(tag, 0, 'latin1');
  at = bytes.writeUInt32LE(SEED_ENCODING_VERSION, at);
  at = bytes.writeUInt32LE(model.length, at);
  at += model.copy(bytes, at);
  at = bytes.writeUInt32LE(salt.length, at);
  at += salt.copy(bytes, at);
  bytes.writeUInt32LE(blockSizeTokens, at);
  return xxh3.xxh64(bytes, 0n);
}

/** The key hasher's options for a namespace; a scoped salt gives the seeds of both scopes and the whole shared blocks. */
export function blockHashOptions(namespace: HashNamespace): BlockHashOptions {
  return scopedOptions(namespace, (n) => deriveHashSeed(n));
}

/** The options of a block digest's two lanes (`deriveDigestSeeds`), scoped as `blockHashOptions` scopes the keys. */
export function digestLaneOptions(namespace: HashNamespace): readonly [BlockHashOptions, BlockHashOptions] {
  return [scopedOptions(namespace, (n) => deriveDigestSeeds(n)[0]), scopedOptions(namespace, (n) => deriveDigestSeeds(n)[1])];
}

function scopedOptions(namespace: HashNamespace, seedOf: (namespace: HashNamespace) => bigint): BlockHashOptions {
  const { blockSizeTokens } = namespace;
  const scopes = parseScopedSalt(namespace.tenantSalt);
  if (scopes === undefined) return { seed: seedOf(namespace), blockSizeTokens };
  const seed = seedOf({ ...namespace, tenantSalt: scopes.tenantSalt });
  const blocks = Math.floor(scopes.sharedTokens / blockSizeTokens);
  if (blocks === 0) return { seed, blockSizeTokens };
  return { seed, blockSizeTokens, shared: { seed: seedOf({ ...namespace, tenantSalt: scopes.groupSalt }), blocks } };
}
