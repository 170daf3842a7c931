import { type BlockDigest, type BlockKey, type BlockLayout, type ModelHash } from '@tsukimi/kv-block';
import { type Result } from '@tsukimi/result';
import { type KvArenaStats, type KvContextStats } from './engine-memory';
import { type BlockImportError, type BlockNotCached, type EngineError } from './engine.errors';
import { type SequenceId } from './sequence-id';
import { type Tokenizer } from './tokenizer/tokenizer.port';

/** What an engine serves; two engines can exchange KV blocks only if all of it matches. */
export interface EngineInfo {
  /** Which implementation computes: blocks of different engines never mix (their model hashes differ). */
  readonly engine: string;
  readonly modelId: string;
  /** The model's weights and every setting that changes the KV bytes (KV dtype, attention layout). */
  readonly modelHash: ModelHash;
  readonly blockLayout: BlockLayout;
  readonly contextTokens: number;
  readonly vocabSize: number;
  /**
   * Sequences the engine computes at once (per adapter); a sequence beyond them waits for one to
   * close. Absent: no bound but memory.
   */
  readonly maxSequences?: number;
  /** LoRA adapters a sequence may run with, by name; absent or empty for an engine without any. */
  readonly adapters?: readonly AdapterInfo[];
}

/** A LoRA adapter an engine has loaded onto its model. */
export interface AdapterInfo {
  /** What requests name it by (`base:name`); unique within the engine. */
  readonly name: string;
  /** Digest of the adapter's file and the scale it is applied with: engines agreeing on it compute the same KV. Seeds its block keys (see `adapterModelKey`). */
  readonly id: string;
}

export interface PrefillOptions {
  /**
   * `last` (default) returns the logits after the final prompt token; `all` after every
   * computed position (for comparisons); `none` only fills the KV cache, as a decode
   * instance does when it already holds the first token.
   */
  readonly logits?: 'last' | 'all' | 'none';
  readonly chunkTokens?: number;
}

export interface PrefillOutcome {
  /**
   * Next-token logits after the last prompt token (and, with `logits: 'all'`, after each computed
   * one). An engine may return log-probabilities instead: logits up to a constant per position,
   * which every sampling rule but repetition penalty treats the same.
   */
  readonly logits: Float32Array[];
  /** Prompt tokens whose KV came from cached blocks. */
  readonly reusedTokens: number;
  /** Prompt tokens run through the model. */
  readonly computedTokens: number;
  /**
   * Resolves once every full block the prefill completed is in the engine's memory, so
   * `exportBlock` finds it. An engine that seals after answering (so the first token does not
   * wait for it) sets this; absent means sealed already. Rejects if sealing failed: the blocks
   * are then missing, never wrong.
   */
  readonly sealed?: Promise<void>;
}

export interface DecodeEntry {
  readonly sequence: SequenceId;
  /** The token to append: the one sampled from the previous logits. */
  readonly token: number;
}

/**
 * An engine behind prefill and decode instances: sequences of tokens whose KV lives in
 * paged blocks, chained block keys for prefix reuse, and blocks that leave and enter as
 * verified bytes. Compute is asynchronous (an engine may run it off the event loop);
 * block bookkeeping is synchronous.
 */
export interface Engine {
  readonly info: EngineInfo;
  readonly tokenizer: Tokenizer;
  /**
   * Opens an empty sequence whose block keys live in the namespace of `tenantSalt`. With
   * `adapter` (a name in `info.adapters`), the sequence runs with that LoRA adapter and its
   * block keys are seeded with the adapter's identity; naming an adapter the engine has not
   * loaded is a caller bug and throws.
   */
  openSequence(tenantSalt?: string, adapter?: string): SequenceId;
  /** Releases the sequence; its full blocks stay cached until the space is needed. */
  closeSequence(id: SequenceId): void;
  /** Keys of the full blocks of `tokens` in the namespace of `tenantSalt` and, with `adapter`, of that adapter (as `openSequence`). */
  blockKeys(tokens: readonly number[], tenantSalt?: string, adapter?: string): BlockKey[];
  /** How many of `keys`, from the first, the engine's memory holds. */
  cachedPrefixBlocks(keys: readonly BlockKey[]): number;
  /** Appends and computes tokens; on an empty sequence, cached leading blocks are reused. */
  prefill(id: SequenceId, tokens: readonly number[], options?: PrefillOptions): Promise<Result<PrefillOutcome, EngineError>>;
  /** One continuous-batching step: one token appended per sequence, next-token logits returned. Either every sequence advances or none does. */
  decode(entries: readonly DecodeEntry[]): Promise<Result<Float32Array[], EngineError>>;
  /**
   * A cached block as verified, self-describing bytes (header and payload), its header carrying
   * `digest`: the block's identity, which the caller computes from the tokens (`BlockDigestHasher`);
   * absent, the header says the block is unbound, and no reader that knows its tokens accepts it.
   */
  exportBlock(key: BlockKey, digest?: BlockDigest): Result<Uint8Array, BlockNotCached>;
  /**
   * Verifies a block exported by an engine of the same model hash and layout and caches it; a
   * corrupt or foreign block is refused, and so is one whose header digest is not `digest` (a block
   * of other tokens under a colliding key). Without `digest` (a caller that knows only keys) the
   * digest is not checked.
   */
  importBlock(bytes: Uint8Array, key: BlockKey, digest?: BlockDigest): Result<'imported' | 'already-cached', BlockImportError>;
  arenaStats(): KvArenaStats;
  /**
   * Where running sequences hold their KV outside the arena (llama.cpp's context), that memory in
   * blocks. Absent where they hold arena blocks, which `arenaStats().inUseBlocks` counts.
   */
  contextStats?(): KvContextStats;
  /** Releases native resources; the engine is unusable afterwards. */
  dispose?(): Promise<void>;
}
