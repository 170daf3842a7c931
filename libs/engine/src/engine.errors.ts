import { type BlockCodecError, type BlockKey } from '@tsukimi/kv-block';
import { type ArenaFull } from './engine-memory';

export interface ContextOverflow {
  readonly kind: 'context-overflow';
  readonly contextTokens: number;
  readonly requestedTokens: number;
}

export interface InvalidToken {
  readonly kind: 'invalid-token';
  readonly token: number;
  readonly vocabSize: number;
}

export interface EmptyPrompt {
  readonly kind: 'empty-prompt';
}

export interface UnknownSequence {
  readonly kind: 'unknown-sequence';
  readonly sequenceId: number;
}

export interface BlockNotCached {
  readonly kind: 'block-not-cached';
  readonly key: BlockKey;
}

/** Expected ways an engine call can fail; none of them leaves a sequence half-updated. */
export type EngineError = ArenaFull | ContextOverflow | InvalidToken | EmptyPrompt | UnknownSequence;

/** Why a block was not imported: it failed verification, or there is no room for it. */
export type BlockImportError = BlockCodecError | ArenaFull;
