import { type BlockKey } from '@tsukimi/kv-block';
import { type Tier } from '../common/tier.model';
import { type BlockHoldingV1, type HoldingV1, type MatchedPrefixV1 } from './index-api.v1';

/** Where a block is held, as an index knows it (the conductor's prefix index, or the master's entries). */
export type Holding = { readonly tier: 'device'; readonly instance: string } | { readonly tier: Exclude<Tier, 'device'>; readonly node: string };

export interface HoldingsOptions {
  /** Tokens per block, when the keys' model is known: the matched prefix is then also given in tokens. */
  readonly blockSizeTokens?: number;
  /** Whether the caller may see which instance or node holds a block; without it, only tiers (each once). */
  readonly showPlacement: boolean;
}

/** The per-block answer of a lookup: each key with where it is held, and the leading blocks held somewhere. */
export function blockHoldings(
  keys: readonly BlockKey[],
  holdings: readonly (readonly Holding[])[],
  options: HoldingsOptions,
): { readonly blocks: BlockHoldingV1[]; readonly matched_prefix: MatchedPrefixV1 } {
  const blocks = keys.map((key, index) => ({ index, key, locations: placed(holdings[index] ?? [], options.showPlacement) }));
  let matched = 0;
  while (matched < blocks.length && blocks[matched]!.locations.length > 0) matched++;
  const tokens = options.blockSizeTokens === undefined ? null : matched * options.blockSizeTokens;
  return { blocks, matched_prefix: { blocks: matched, tokens } };
}

const TIER_ORDER: Record<Tier, number> = { device: 0, dram: 1, ssd: 2 };

/** Fastest tier first, then by name, so that answers compare equal whatever order an index keeps. */
function placed(holdings: readonly Holding[], showPlacement: boolean): BlockHoldingV1['locations'] {
  const sorted = [...holdings].sort((a, b) => TIER_ORDER[a.tier] - TIER_ORDER[b.tier] || nameOf(a).localeCompare(nameOf(b)));
  if (showPlacement) return sorted.map((h): HoldingV1 => (h.tier === 'device' ? { tier: 'device', instance: h.instance } : { tier: h.tier, node: h.node }));
  return [...new Set(sorted.map((h) => h.tier))].map((tier) => ({ tier }));
}

function nameOf(holding: Holding): string {
  return holding.tier === 'device' ? holding.instance : holding.node;
}
