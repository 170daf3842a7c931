/** Where a replica lives, fastest first: an engine's memory, a kvpool node's DRAM, or its SSD files. */
export const TIERS = ['device', 'dram', 'ssd'] as const;
export type Tier = (typeof TIERS)[number];

/** The tiers a kvpool node holds itself, and so the only ones the master places into and evicts from. */
export const NODE_TIERS = ['dram', 'ssd'] as const;
export type NodeTier = (typeof NODE_TIERS)[number];

/** Bytes per tier; a tier a node does not have is absent. */
export type TierBytes = Partial<Readonly<Record<Tier, number>>>;

/** How full one tier is. */
export interface TierUsage {
  readonly usedBytes: number;
  readonly capacityBytes: number;
  readonly blocks: number;
}

/** Whether `a` is a faster tier than `b` (a move from `b` to `a` is a promotion). */
export function isFasterTier(a: Tier, b: Tier): boolean {
  return TIERS.indexOf(a) < TIERS.indexOf(b);
}
