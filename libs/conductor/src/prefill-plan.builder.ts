import { type ScheduleDecision } from '@tsukimi/scheduler';
import { type PrefillPlan } from '@tsukimi/serving';

type Route = Extract<ScheduleDecision, { kind: 'route' }>;

/**
 * What the prefill instance is to do with the prompt's KV, as the decision says: hold (its own
 * memory only), fetch (its own memory, then the blocks the decision migrates, read from the
 * pool node it chose) or recompute (its own memory, no pool read at all). A decision without an
 * estimate chose no branch and gives no plan: the instance then reuses whatever the pool holds.
 * A migration from another instance's memory names no pool node: prefill instances keep their
 * blocks in the pool too, so any replica serves it.
 */
export function prefillPlanOf(decision: Route): PrefillPlan | undefined {
  const estimate = decision.estimate;
  if (estimate === undefined) return undefined;
  const deviceBlocks = estimate.ownBlocks;
  if (estimate.branch !== 'fetch') return { branch: estimate.branch, deviceBlocks, reusedBlocks: deviceBlocks };
  const from = decision.migrate?.from;
  const plan = { branch: estimate.branch, deviceBlocks, reusedBlocks: estimate.reusedBlocks };
  return from === undefined || from.tier === 'device' ? plan : { ...plan, source: { node: from.node, tier: from.tier } };
}
