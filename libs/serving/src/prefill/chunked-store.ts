import { type Engine, type EngineError, type PrefillOutcome, type SequenceId } from '@tsukimi/engine';
import { type BlockKey } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';
import { type KvPoolClient, type PartedStore, type PoolFailure, type StoreReport } from '../pool/kv-pool-client.port';
import { type BlockDigests } from '../pool/prompt-digests';

/** What the pool took of the blocks handed to it. */
export interface StoreTally {
  readonly storedBlocks: number;
  /** Some blocks did not reach the pool: decode recomputes what it cannot load. */
  readonly storeFailed: boolean;
}

/** A store of blocks into the pool: a whole put, or a part of a parted store. */
export type BlockPut = (keys: readonly BlockKey[], read: (key: BlockKey) => Uint8Array | undefined) => Promise<Result<StoreReport, PoolFailure>>;

/** Exports `keys` from the engine into the pool through `put` once `sealed` resolves, each header carrying its digest from `digests`; never rejects. */
export async function storeBlocks(engine: Engine, put: BlockPut, keys: readonly BlockKey[], sealed: Promise<void> | undefined, digests?: BlockDigests): Promise<StoreTally> {
  if (keys.length === 0) return { storedBlocks: 0, storeFailed: false };
  try {
    await sealed;
    const stored = await put(keys, (key) => {
      const bytes = engine.exportBlock(key, digests?.get(key));
      return bytes.ok ? bytes.value : undefined;
    });
    return { storedBlocks: stored.ok ? stored.value.stored : 0, storeFailed: !stored.ok };
  } catch {
    return { storedBlocks: 0, storeFailed: true };
  }
}

/**
 * The most prompt tokens computed after the step whose blocks are stored last before the first
 * token: only their blocks are left to store once it is known, so the decode waits for little.
 */
const TAIL_TOKENS = 128;

export interface ChunkedStoreOptions {
  /** Tokens whose blocks go to the pool in one store: whole blocks, at least one. */
  readonly chunkTokens: number;
  /** Leading prompt tokens whose KV the engine already holds (its memory, or pool blocks imported into it). */
  readonly cachedTokens: number;
  /** The prompt's full block keys, in order. */
  readonly keys: readonly BlockKey[];
  /** Blocks the pool supplied: it has them already. */
  readonly skip: ReadonlySet<BlockKey>;
  /** What each block's header carries. */
  readonly digests?: BlockDigests;
}

/** A prompt computed step by step, each chunk's blocks on their way to the pool while later steps compute. */
export interface ChunkedPrefill {
  readonly outcome: PrefillOutcome;
  /** Every chunk's store, all settled. */
  readonly stored: Promise<StoreTally>;
  /** Stores sent. */
  readonly chunks: number;
}

function wholeBlocks(tokens: number, blockSizeTokens: number): number {
  return Math.max(1, Math.floor(tokens / blockSizeTokens)) * blockSizeTokens;
}

/**
 * Computes `prompt` into the open, empty `sequence` a chunk at a time, yielding to I/O between
 * chunks, and sends each chunk's blocks to the pool as it completes: each store goes out at once,
 * beside those still under way (they hold disjoint keys), so a decode instance can load the
 * leading blocks while later ones compute. The last step is at most TAIL_TOKENS long and its
 * blocks go in a store of their own, so what is left to store once the first token is known is
 * small. The
 * first step reaches past the cached prefix, since the engine reuses cached blocks only on an empty
 * sequence. Stepping changes neither the KV nor the logits.
 */
export async function prefillStoringChunks(engine: Engine, pool: KvPoolClient, sequence: SequenceId, prompt: readonly number[], o: ChunkedStoreOptions): Promise<Result<ChunkedPrefill, EngineError>> {
  const blockSizeTokens = engine.info.blockLayout.blockSizeTokens;
  const chunkBlocks = wholeBlocks(o.chunkTokens, blockSizeTokens) / blockSizeTokens;
  // One step per chunk: each step and each yield costs the compute (measured in bench/RESULTS.md,
  // overlap-kv). A store advances at the yields between steps, and, when the prefill's pool writes
  // run on a thread of their own (PoolWriterClient, --overlap-store-thread), while the next chunk
  // computes too.
  const stepTokens = chunkBlocks * blockSizeTokens;
  // Where the last step begins: its blocks are all that is stored after the first token.
  const tailStart = Math.floor(Math.max(0, prompt.length - Math.min(TAIL_TOKENS, stepTokens)) / blockSizeTokens) * blockSizeTokens;
  const stores: Promise<StoreTally>[] = [];
  let storedUpTo = 0;
  const cachedBlocks = Math.floor(o.cachedTokens / blockSizeTokens);
  // Past the cached prefix every block is computed here: the pool almost surely lacks them, so they
  // go in parts of one store, which need not ask the pool first and may reserve room for all at once.
  let parts: PartedStore | undefined;
  const storeThrough = (completed: number, sealed: Promise<void> | undefined) => {
    const chunkKeys = o.keys.slice(storedUpTo, completed).filter((key) => !o.skip.has(key));
    if (storedUpTo >= cachedBlocks) parts ??= pool.storeInParts(o.keys.slice(storedUpTo).filter((key) => !o.skip.has(key)));
    const put: BlockPut = parts ? (keys, read) => parts!.store(keys, read) : (keys, read) => pool.store(keys, read);
    storedUpTo = completed;
    if (chunkKeys.length > 0) stores.push(storeBlocks(engine, put, chunkKeys, sealed, o.digests));
  };
  // Resolves once every store sent has settled and the parted store is closed; never rejects.
  const settled = () =>
    Promise.all(stores).then(async (tallies) => {
      await parts?.close().catch(() => undefined);
      return { storedBlocks: tallies.reduce((sum, t) => sum + t.storedBlocks, 0), storeFailed: tallies.some((t) => t.storeFailed) };
    });
  let reusedTokens = 0;
  let computedTokens = 0;
  let offset = 0;
  let logits: Float32Array[] = [];
  while (offset < prompt.length) {
    const from = offset === 0 ? o.cachedTokens : offset;
    const end = from < tailStart ? Math.min(tailStart, from + stepTokens) : prompt.length;
    const last = end === prompt.length;
    const filled = await engine.prefill(sequence, prompt.slice(offset, end), { logits: last ? 'last' : 'none' });
    // Stores already under way finish on their own; the request fails.
    if (!filled.ok) {
      void settled();
      return err(filled.error);
    }
    reusedTokens += filled.value.reusedTokens;
    computedTokens += filled.value.computedTokens;
    if (last) logits = filled.value.logits;
    const completed = Math.floor(end / blockSizeTokens);
    if (last || end === tailStart || completed - storedUpTo >= chunkBlocks) storeThrough(completed, filled.value.sealed);
    offset = end;
    if (!last) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return ok({ outcome: { logits, reusedTokens, computedTokens }, stored: settled(), chunks: stores.length });
}
