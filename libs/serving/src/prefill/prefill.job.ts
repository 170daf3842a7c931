import { type GeneratedToken, type GenerationParams } from '@tsukimi/engine';
import { type BlockKey } from '@tsukimi/kv-block';

export interface PrefillJob {
  readonly requestId: string;
  readonly promptTokens: readonly number[];
  readonly tenantSalt: string;
  readonly generation: GenerationParams;
}

/** Where a prompt's KV came from, in tokens. */
export interface TokenReuse {
  readonly device: number;
  readonly dram: number;
  readonly ssd: number;
}

export interface PrefillDone {
  readonly first: GeneratedToken;
  /** Keys of the prompt's full blocks, all stored in the pool unless `storeFailed`. */
  readonly blockKeys: readonly BlockKey[];
  readonly promptTokens: number;
  readonly computedTokens: number;
  readonly reused: TokenReuse;
  /** Blocks fetched from the pool but refused by the engine (corrupt or foreign), then recomputed. */
  readonly refusedBlocks: number;
  readonly storedBlocks: number;
  /** The pool could not take the new blocks; decode will recompute them. */
  readonly storeFailed: boolean;
  readonly timings: { readonly fetchMs: number; readonly computeMs: number; readonly storeMs: number };
}
