import { type SloTargets } from '@tsukimi/scheduler';

/** The share of a request's token intervals whose mean is its TBT: the longest 10%. */
export const TBT_TAIL_SHARE = 0.1;

/**
 * A request's TBT: the mean of the longest 10% of its intervals between tokens (at least one
 * interval); 0 for a request of one token, which has none.
 */
export function tbtMs(intervalsMs: readonly number[]): number {
  if (intervalsMs.length === 0) return 0;
  const count = Math.max(1, Math.ceil(intervalsMs.length * TBT_TAIL_SHARE));
  const longest = [...intervalsMs].sort((a, b) => b - a).slice(0, count);
  return longest.reduce((sum, x) => sum + x, 0) / count;
}

/** Whether a request meets the targets, its TBT measured as the Mooncake paper defines it (`tbtMs` above). */
export function withinSlo(ttftMs: number, tbt: number, targets: SloTargets): boolean {
  return ttftMs <= targets.ttftMs && tbt <= targets.tbtMs;
}
