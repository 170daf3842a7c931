import { type GeneratedToken, type GenerationParams } from '@tsukimi/engine';
import { type BlockCodecErrorKind, type BlockKey } from '@tsukimi/kv-block';
import { type StoreTally } from './chunked-store';
import { type PlanOutcome, type PrefillPlan } from './prefill.plan';

export interface PrefillJob {
  readonly requestId: string;
  readonly promptTokens: readonly number[];
  readonly tenantSalt: string;
  readonly generation: GenerationParams;
  /** The caller knows the pool holds nothing past the engine's own cached prefix: read no replica the plan does not name. */
  readonly skipPoolFetch?: boolean;
  /** The LoRA adapter to run with (one the engine has loaded); absent for the base model. */
  readonly adapter?: string;
  /** Where the scheduler decided the prompt's KV comes from; absent: reuse whatever the pool holds. */
  readonly plan?: PrefillPlan;
}

/** Prompt tokens by the tier their KV was (or, in a prediction, is expected to be) read from. */
export interface TokenReuse {
  readonly device: number;
  readonly dram: number;
  readonly ssd: number;
}

/** The prompt's blocks handed to the pool for the decode instance, after the first token went out. */
export interface PrefillHandoff extends StoreTally {
  readonly storeMs: number;
}

export interface PrefillDone {
  readonly first: GeneratedToken;
  /** Keys of the prompt's full blocks; all in the pool once `handoff` resolves, unless it says the store failed. */
  readonly blockKeys: readonly BlockKey[];
  readonly promptTokens: number;
  readonly computedTokens: number;
  readonly reused: TokenReuse;
  /** Blocks fetched from the pool but refused by the engine (corrupt or foreign), then recomputed. */
  readonly refusedBlocks: number;
  /** Why each of them was refused. */
  readonly refused: readonly BlockCodecErrorKind[];
  /** Whether the plan was followed, or why the instance fell back. */
  readonly plan: PlanOutcome;
  readonly timings: { readonly fetchMs: number; readonly computeMs: number };
  /**
   * Resolves once the new blocks are in the pool. The first token does not wait for it: the
   * time to first token is fetch plus compute, and the KV moves to decode while the client
   * already reads the first token. Never rejects.
   */
  readonly handoff: Promise<PrefillHandoff>;
}
