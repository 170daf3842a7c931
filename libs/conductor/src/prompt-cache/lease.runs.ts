import { type BlockKey } from '@tsukimi/kv-block';
import { type LeaseAsk } from './prompt-cache.ask';

/** The blocks one lease holds: whole blocks only, since only whole blocks are stored. */
export interface LeaseRun {
  /** The run's last key, which with chained keys names the prefix up to it. */
  readonly leaseId: BlockKey;
  readonly keys: readonly BlockKey[];
  readonly sizeBytes: number;
  readonly ttlMs: number;
  /** Prompt tokens up to the run's end. */
  readonly endTokens: number;
}

/**
 * Cuts a prompt's block keys into lease runs, one per ask in prefix order: each run holds the
 * whole blocks after the previous run's end up to its ask's end. An ask shorter than one block,
 * or no longer than the one before, holds nothing.
 */
export function leaseRuns(asks: readonly LeaseAsk[], keys: readonly BlockKey[], blockSizeTokens: number, blockBytes: number): LeaseRun[] {
  const runs: LeaseRun[] = [];
  let from = 0;
  for (const ask of [...asks].sort((a, b) => a.tokens - b.tokens)) {
    const to = Math.min(keys.length, Math.floor(ask.tokens / blockSizeTokens));
    if (to <= from) continue;
    const run = keys.slice(from, to);
    runs.push({ leaseId: run[run.length - 1]!, keys: run, sizeBytes: run.length * blockBytes, ttlMs: ask.ttlMs, endTokens: to * blockSizeTokens });
    from = to;
  }
  return runs;
}
