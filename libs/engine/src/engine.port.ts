import { type BlockKey, type BlockLayout, type ModelHash } from '@tsukimi/kv-block';
import { type Result } from '@tsukimi/result';
import { type KvArenaStats } from './kv/kv-arena';
import { type BlockImportError, type BlockNotCached, type EngineError } from './reference/engine.errors';
import { type SequenceId } from './reference/kv-sequence';
import { type DecodeEntry, type PrefillOptions, type PrefillOutcome } from './reference/reference.engine';
import { type Tokenizer } from './tokenizer/tokenizer.port';

/** What an engine serves; two engines can exchange KV blocks only if all of it matches. */
export interface EngineInfo {
  readonly modelId: string;
  readonly modelHash: ModelHash;
  readonly blockLayout: BlockLayout;
  readonly contextTokens: number;
  readonly vocabSize: number;
}

/**
 * An engine behind prefill and decode instances: sequences of tokens whose KV lives in
 * paged blocks, chained block keys for prefix reuse, and blocks that leave and enter as
 * verified bytes.
 */
export interface Engine {
  readonly info: EngineInfo;
  readonly tokenizer: Tokenizer;
  /** Opens an empty sequence whose block keys live in the namespace of `tenantSalt`. */
  openSequence(tenantSalt?: string): SequenceId;
  /** Releases the sequence; its full blocks stay cached until the space is needed. */
  closeSequence(id: SequenceId): void;
  /** Keys of the full blocks of `tokens` in the namespace of `tenantSalt`. */
  blockKeys(tokens: readonly number[], tenantSalt?: string): BlockKey[];
  /** How many of `keys`, from the first, the engine's memory holds. */
  cachedPrefixBlocks(keys: readonly BlockKey[]): number;
  /** Appends and computes tokens; on an empty sequence, cached leading blocks are reused. */
  prefill(id: SequenceId, tokens: readonly number[], options?: PrefillOptions): Result<PrefillOutcome, EngineError>;
  /** One continuous-batching step: one token appended per sequence, next-token logits returned. */
  decode(entries: readonly DecodeEntry[]): Result<Float32Array[], EngineError>;
  exportBlock(key: BlockKey): Result<Uint8Array, BlockNotCached>;
  importBlock(bytes: Uint8Array, key: BlockKey): Result<'imported' | 'already-cached', BlockImportError>;
  arenaStats(): KvArenaStats;
}
