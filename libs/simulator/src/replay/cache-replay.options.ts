import { EVICTION_POLICIES, type EvictionPolicyType } from '@tsukimi/kv-store';
import { err, ok, type Result } from '@tsukimi/result';
import { TRACE_BLOCK_SIZE_TOKENS } from '../trace/trace-request.model';

export interface CacheReplayOptions {
  readonly policy: string;
  /** A whole number of blocks, or `inf` (also `Infinity`) for an unbounded cache. */
  readonly capacityBlocks: string | number;
  /** Default 512, the trace's own blocks. */
  readonly blockSizeTokens?: number;
}

export interface CompiledCacheReplayOptions {
  readonly policy: EvictionPolicyType;
  /** Infinity when unbounded. */
  readonly capacityBlocks: number;
  readonly blockSizeTokens: number;
}

/** Which option is wrong and why. */
export interface CacheReplayOptionsError {
  readonly key: keyof CacheReplayOptions;
  readonly problem: string;
}

/** A whole number of blocks, or Infinity for `inf`. */
export function parseCapacityBlocks(value: string | number): Result<number, string> {
  const text = String(value).trim();
  if (text === 'inf' || text === 'Infinity') return ok(Infinity);
  const blocks = /^\d+$/.test(text) ? Number(text) : NaN;
  return Number.isSafeInteger(blocks) ? ok(blocks) : err(`expected a whole number of blocks or "inf", got ${JSON.stringify(value)}`);
}

/** Validates and defaults in one step; an error names the option. */
export function compileCacheReplayOptions(options: CacheReplayOptions): Result<CompiledCacheReplayOptions, CacheReplayOptionsError> {
  const policy = EVICTION_POLICIES.find((name) => name === options.policy);
  if (policy === undefined) return err({ key: 'policy', problem: `expected one of ${EVICTION_POLICIES.join(', ')}, got ${JSON.stringify(options.policy)}` });
  const capacityBlocks = parseCapacityBlocks(options.capacityBlocks);
  if (!capacityBlocks.ok) return err({ key: 'capacityBlocks', problem: capacityBlocks.error });
  const blockSizeTokens = options.blockSizeTokens ?? TRACE_BLOCK_SIZE_TOKENS;
  if (!Number.isSafeInteger(blockSizeTokens) || blockSizeTokens < 1) return err({ key: 'blockSizeTokens', problem: `expected a positive whole number of tokens, got ${JSON.stringify(options.blockSizeTokens)}` });
  return ok({ policy, capacityBlocks: capacityBlocks.value, blockSizeTokens });
}
