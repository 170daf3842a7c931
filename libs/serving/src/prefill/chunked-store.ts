import { type Engine, type EngineError, type PrefillOutcome, type SequenceId } from '@tsukimi/engine';
import { type BlockKey } from '@tsukimi/kv-block';
import { err, ok, type Result } from '@tsukimi/result';
import { type KvPoolClient } from '../pool/kv-pool-client.port';

/** What the pool took of the blocks handed to it. */
export interface StoreTally {
  readonly storedBlocks: number;
  /** Some blocks did not reach the pool: decode recomputes what it cannot load. */
  readonly storeFailed: boolean;
}

/** Exports `keys` from the engine into the pool once `sealed` resolves; never rejects. */
export async function storeBlocks(engine: Engine, pool: KvPoolClient, keys: readonly BlockKey[], sealed: Promise<void> | undefined): Promise<StoreTally> {
  if (keys.length === 0) return { storedBlocks: 0, storeFailed: false };
  try {
    await sealed;
    const stored = await pool.store(keys, (key) => {
      const bytes = engine.exportBlock(key);
      return bytes.ok ? bytes.value : undefined;
    });
    return { storedBlocks: stored.ok ? stored.value.stored : 0, storeFailed: !stored.ok };
  } catch {
    return { storedBlocks: 0, storeFailed: true };
  }
}

export interface ChunkedStoreOptions {
  /** Tokens computed per chunk beyond the cached prefix: whole blocks, at least one. */
  readonly chunkTokens: number;
  /** Leading prompt tokens whose KV the engine already holds (its memory, or pool blocks imported into it). */
  readonly cachedTokens: number;
  /** The prompt's full block keys, in order. */
  readonly keys: readonly BlockKey[];
  /** Blocks the pool supplied: it has them already. */
  readonly skip: ReadonlySet<BlockKey>;
}

/** A prompt computed chunk by chunk, each chunk's blocks on their way to the pool while the next computes. */
export interface ChunkedPrefill {
  readonly outcome: PrefillOutcome;
  /** Every chunk's store, in chunk order. */
  readonly stored: Promise<StoreTally>;
  readonly chunks: number;
}

/**
 * Computes `prompt` into the open, empty `sequence` in chunks of whole blocks and, after each
 * chunk, sends the blocks it completed to the pool, one store after another in prompt order, so a
 * decode instance can load the leading blocks while later ones are still being computed. Between
 * chunks it yields to I/O, so the stores advance beside compute that runs on this thread. The first
 * chunk reaches past the cached prefix, since the engine reuses cached blocks only on an empty
 * sequence. Chunking changes neither the KV nor the logits.
 */
export async function prefillStoringChunks(engine: Engine, pool: KvPoolClient, sequence: SequenceId, prompt: readonly number[], o: ChunkedStoreOptions): Promise<Result<ChunkedPrefill, EngineError>> {
  const blockSizeTokens = engine.info.blockLayout.blockSizeTokens;
  const chunkTokens = Math.max(1, Math.floor(o.chunkTokens / blockSizeTokens)) * blockSizeTokens;
  let stored: Promise<StoreTally> = Promise.resolve({ storedBlocks: 0, storeFailed: false });
  let storedUpTo = 0;
  let reusedTokens = 0;
  let computedTokens = 0;
  let chunks = 0;
  let offset = 0;
  let logits: Float32Array[] = [];
  while (offset < prompt.length) {
    const end = Math.min(prompt.length, (offset === 0 ? o.cachedTokens : offset) + chunkTokens);
    const last = end === prompt.length;
    const filled = await engine.prefill(sequence, prompt.slice(offset, end), { logits: last ? 'last' : 'none' });
    // Stores already under way finish on their own (they never reject); the request fails.
    if (!filled.ok) return err(filled.error);
    reusedTokens += filled.value.reusedTokens;
    computedTokens += filled.value.computedTokens;
    chunks += 1;
    if (last) logits = filled.value.logits;
    const completed = Math.floor(end / blockSizeTokens);
    const chunkKeys = o.keys.slice(storedUpTo, completed).filter((key) => !o.skip.has(key));
    storedUpTo = completed;
    const sealed = filled.value.sealed;
    stored = stored.then(async (before) => {
      const now = await storeBlocks(engine, pool, chunkKeys, sealed);
      return { storedBlocks: before.storedBlocks + now.storedBlocks, storeFailed: before.storeFailed || now.storeFailed };
    });
    offset = end;
    if (!last) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return ok({ outcome: { logits, reusedTokens, computedTokens }, stored, chunks });
}
