import { type NodeTier } from '../common/tier.model';

/** How one node read ended: served from a tier, or not served (absent, corrupt, unreadable). */
export type NodeRead = { readonly hit: true; readonly tier: NodeTier; readonly bytes: number } | { readonly hit: false; readonly reason: string };

/** One tier a read looked in, and whether that tier served it. */
export interface TierLookup {
  readonly tier: NodeTier;
  readonly hit: boolean;
}

/**
 * The tiers a read looked in, fastest first, as a cache hierarchy counts them: a miss at every
 * tier before the one that served it and a hit there; a miss at every tier the node has when none
 * served it (a corrupt or unreadable copy is a miss: it was not served). `tiers` are the node's
 * tiers, fastest first. A block that moved up while being read counts where it was served from.
 */
export function tierLookups(read: NodeRead, tiers: readonly NodeTier[]): TierLookup[] {
  if (!read.hit) return tiers.map((tier) => ({ tier, hit: false }));
  const served = tiers.indexOf(read.tier);
  if (served < 0) return [{ tier: read.tier, hit: true }];
  return tiers.slice(0, served + 1).map((tier, i) => ({ tier, hit: i === served }));
}
