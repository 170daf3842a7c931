import { type InstanceId, type PrefixMatch } from '@tsukimi/scheduler';
import { type PrefillPlan, type TokenReuse } from '@tsukimi/serving';

export const NO_TOKENS: TokenReuse = { device: 0, dram: 0, ssd: 0 };

export function totalTokens(t: TokenReuse): number {
  return t.device + t.dram + t.ssd;
}

/** Per tier, the predicted tokens the actual reuse fell short of (never negative). */
export function shortfallTokens(predicted: TokenReuse, reused: TokenReuse): TokenReuse {
  return { device: Math.max(0, predicted.device - reused.device), dram: Math.max(0, predicted.dram - reused.dram), ssd: Math.max(0, predicted.ssd - reused.ssd) };
}

/**
 * The cached tokens a prefill instance should reuse, by tier, from the index as the conductor saw
 * it when it routed the request (trusted or not: the shadow prediction an untrusted instance is
 * judged by): its own memory's leading blocks, which it always uses whatever the plan; then,
 * unless the plan recomputes or holds, the pool's blocks after them, up to the plan's reused blocks
 * (or, without a plan, all the pool holds), from the plan's tier or else DRAM first, then SSD.
 * `skipPool` (the pool was said to hold nothing more) predicts no pool read without a named node.
 */
export function predictedReuse(match: PrefixMatch, instance: InstanceId, plan: PrefillPlan | undefined, skipPool: boolean, blockSizeTokens: number): TokenReuse {
  const own = match.deviceBlocks(instance);
  const device = own * blockSizeTokens;
  if (plan?.branch === 'recompute' || plan?.branch === 'holder') return { device, dram: 0, ssd: 0 };
  if (skipPool && plan?.source === undefined) return { device, dram: 0, ssd: 0 };
  const dramBlocks = match.bestNode('dram')?.blocks ?? 0;
  const ssdBlocks = match.bestNode('ssd')?.blocks ?? 0;
  const target = plan ? plan.reusedBlocks : Math.max(dramBlocks, ssdBlocks);
  const poolBlocks = Math.max(0, target - own);
  if (plan?.source) return plan.source.tier === 'dram' ? { device, dram: poolBlocks * blockSizeTokens, ssd: 0 } : { device, dram: 0, ssd: poolBlocks * blockSizeTokens };
  const fromDram = Math.min(poolBlocks, Math.max(0, dramBlocks - own));
  const fromSsd = Math.min(poolBlocks - fromDram, Math.max(0, ssdBlocks - own - fromDram));
  return { device, dram: fromDram * blockSizeTokens, ssd: fromSsd * blockSizeTokens };
}
