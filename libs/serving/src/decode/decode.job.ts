import { type EngineError, type GeneratedToken, type GenerationParams } from '@tsukimi/engine';
import { type BlockCodecErrorKind, type BlockKey } from '@tsukimi/kv-block';
import { type UnknownAdapter } from '../adapter/adapter.check';
import { type TokenReuse } from '../prefill/prefill.job';

export interface DecodeJob {
  readonly requestId: string;
  readonly promptTokens: readonly number[];
  readonly tenantSalt: string;
  readonly generation: GenerationParams;
  /**
   * The token prefill sampled; decoding continues at step 1. Absent: no prefill instance ran, the
   * decode instance computes the prompt itself and samples the first token.
   */
  readonly firstToken?: number;
  /**
   * Tokens generated after `firstToken` and already streamed by a decode instance that went away:
   * their KV is recomputed after the prompt's, their text, penalty and stop state replayed, and
   * decoding continues at step `1 + continuedTokens.length`. Needs `firstToken`.
   */
  readonly continuedTokens?: readonly number[];
  /** The KV handle: the prompt's full block keys, as prefill computed them. */
  readonly blockKeys: readonly BlockKey[];
  /** The LoRA adapter the prompt was prefilled with (one the engine has loaded); absent for the base model. */
  readonly adapter?: string;
}

/**
 * A request whose prefill is still running, for its decode instance to load the blocks stored so
 * far: the prompt's tokens (so the instance keys them and knows each block's digest), its tenant
 * salt and adapter, and the block keys the conductor computed, which must be the instance's own.
 */
export type PrefetchJob = Pick<DecodeJob, 'requestId' | 'promptTokens' | 'tenantSalt' | 'blockKeys' | 'adapter'>;

/** How the request's prompt KV got into this instance's engine. */
export interface DecodeStarted {
  /** Prompt tokens whose KV came from blocks (the engine's memory or the pool). */
  readonly loadedTokens: number;
  /** The same tokens by the tier their blocks came from (the engine's memory is `device`). */
  readonly reused: TokenReuse;
  /** Prompt tokens recomputed here (the partial last block, blocks the pool lacked), and the continued tokens of a resumed job. */
  readonly computedTokens: number;
  readonly fetchedBlocks: number;
  /** Blocks fetched but refused by the engine (corrupt or foreign). */
  readonly refusedBlocks: number;
  /** Why each of them was refused. */
  readonly refused: readonly BlockCodecErrorKind[];
  /** The first token, sampled here where the job had none; the sink receives the tokens after it. */
  readonly firstToken?: GeneratedToken;
}

export type DecodeFailure =
  | EngineError
  | UnknownAdapter
  | { readonly kind: 'draining' }
  | { readonly kind: 'handle-mismatch'; readonly message: string }
  | { readonly kind: 'nothing-to-decode' }
  /** The engine threw: a broken invariant, reported rather than left to hang the stream. */
  | { readonly kind: 'engine-failure'; readonly message: string };

/** Receives one request's tokens, in order, from the batch loop. */
export interface DecodeSink {
  /** A generated token; the last one carries `finishReason`, and nothing follows it. */
  token(token: GeneratedToken): void;
  /** The request was dropped mid-generation; nothing follows. */
  fail(failure: DecodeFailure): void;
}

export interface DecodeHandle {
  readonly started: DecodeStarted;
  /** Leaves the batch at the next step boundary (a client went away). */
  cancel(): void;
}
