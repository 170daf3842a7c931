import { type Result } from '@tsukimi/result';
import { type InstanceId } from '@tsukimi/scheduler';
import { type WarmPrefix } from '@tsukimi/serving';
import { type GatewayFailure } from '../gateway.ports';

/**
 * A prefix for a prefill instance to load from the pool into its memory: its block keys in prompt
 * order, keyed as a prefill of a prompt beginning with them would key them, and the tokens, tenant
 * salt and adapter they key, from which the instance checks the keys and each block's digest.
 */
export type WarmCall = WarmPrefix;

export interface WarmAnswer {
  /** Leading blocks of the prefix in the instance's memory after the call. */
  readonly heldBlocks: number;
  /** Of them, the blocks the call read from the pool. */
  readonly loadedBlocks: number;
}

/** Reaches prefill instances' `Warm`. */
export interface WarmGateway {
  /** Never throws: an unreachable or failing instance is a failure result. */
  warm(instance: InstanceId, call: WarmCall): Promise<Result<WarmAnswer, GatewayFailure>>;
}

/** How one warm decision went, as counted: see `WarmCopyMetrics`. */
export type WarmCopyReason = 'sent' | 'loaded' | 'partial' | 'failed' | 'no-room';

export const WARM_COPY_REASONS: readonly WarmCopyReason[] = ['sent', 'loaded', 'partial', 'failed', 'no-room'];

/** Counts warm decisions and their outcomes, so this lib knows no metrics library. */
export interface WarmCopyMetrics {
  /**
   * `sent`: an instance was asked to warm a hot prefix; then `loaded` (it held the whole prefix),
   * `partial` (the pool served only a leading part) or `failed` (the call failed). `no-room`: a hot
   * prefix short of holders found no routable instance with the free blocks to take it.
   */
  counted(reason: WarmCopyReason): void;
}
