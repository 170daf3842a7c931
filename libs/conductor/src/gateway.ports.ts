import { type GeneratedToken } from '@tsukimi/engine';
import { type BlockKey } from '@tsukimi/kv-block';
import { type Result } from '@tsukimi/result';
import { type InstanceId } from '@tsukimi/scheduler';
import { type DecodeJob, type PlanOutcome, type PrefillJob, type StoreTally, type TokenReuse } from '@tsukimi/serving';

/** A prefill as the conductor asks for it: the instance's job, and the trace it belongs to. */
export interface PrefillCall extends PrefillJob {
  /**
   * W3C `traceparent` of the conductor's span for this call when the request is traced, for the
   * transport to carry in the request itself (the relay has no call metadata); absent when not traced.
   */
  readonly traceparent?: string;
}

export interface PrefillAnswer {
  readonly instanceId: string;
  readonly first: GeneratedToken;
  readonly blockKeys: readonly BlockKey[];
  readonly computedTokens: number;
  readonly reused: TokenReuse;
  /** Time the instance spent fetching blocks from the pool before computing. */
  readonly fetchMs?: number;
  /** Whether the instance followed the plan, or why it fell back; absent from an instance that did not say. */
  readonly plan?: PlanOutcome;
  /**
   * Resolves once the blocks are in the pool, with what the pool took (`storeFailed` too when the
   * instance went away before saying); decode starts after it. Never rejects.
   */
  readonly handoff: Promise<StoreTally>;
}

/**
 * Why a call to an instance failed. `unavailable`: the instance is gone or refused the
 * connection, so another may be tried; `rejected`: the instance is alive but refused this
 * request; `failed`: anything else.
 */
export interface GatewayFailure {
  readonly kind: 'unavailable' | 'rejected' | 'failed' | 'timeout';
  readonly message: string;
}

export interface PrefillGateway {
  prefill(instance: InstanceId, call: PrefillCall): Promise<Result<PrefillAnswer, GatewayFailure>>;
}

/** A decode as the conductor asks for it: the prefill's call and the decode job's handle (first token, continued tokens, block keys). */
export interface DecodeCall extends PrefillCall, Pick<DecodeJob, 'firstToken' | 'continuedTokens' | 'blockKeys'> {}

/**
 * A request whose prefill is under way, for its decode instance to start loading the blocks stored
 * so far: the prompt's block keys and what they key (tokens, tenant salt, adapter), from which the
 * instance derives each block's digest, so a colliding key cannot bring it another prompt's KV.
 */
export type PrefetchCall = Pick<DecodeCall, 'requestId' | 'promptTokens' | 'tenantSalt' | 'adapter' | 'blockKeys'>;

/** Events of one decode stream, in order: `started` once, then tokens until one carries a finish reason. */
export type DecodeEvent =
  | {
      readonly kind: 'started';
      readonly instanceId: string;
      readonly loadedTokens: number;
      readonly computedTokens: number;
      /** `loadedTokens` by the tier their blocks came from; absent from an instance that did not say. */
      readonly reused?: TokenReuse;
    }
  | { readonly kind: 'token'; readonly token: GeneratedToken };

/**
 * A decode stream that shows each item to one watcher as it hands the item out, before its reader
 * has it, so that watching the stream costs no promise of its own. A transport's stream may offer
 * it; whoever watches a stream that does not wraps it instead.
 */
export interface WatchableDecodeStream extends AsyncIterable<Result<DecodeEvent, GatewayFailure>> {
  /** Set once, before the first read. */
  watch(watcher: (item: Result<DecodeEvent, GatewayFailure>) => void): void;
}

export interface DecodeGateway {
  /**
   * Streams the request's tokens. The iterator ends after the token with a finish reason;
   * a failure mid-stream is an error result as the last item. Breaking out of the loop, or
   * aborting `signal`, cancels the stream on the instance. With `signal` already aborted nothing
   * reaches the instance: the one item is a `failed` result.
   */
  decode(instance: InstanceId, call: DecodeCall, signal: AbortSignal): AsyncIterable<Result<DecodeEvent, GatewayFailure>>;
  /**
   * Asks the instance to start loading the prompt's blocks from the pool while the prefill
   * instance still computes and stores them, ahead of the request's `decode`. Best effort: it
   * answers nothing, and a prefetch that fails only leaves `decode` more to load.
   */
  prefetch?(instance: InstanceId, call: PrefetchCall): void;
}
