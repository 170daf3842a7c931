import { err, ok, type Result } from '@tsukimi/result';
import { PLAN_BRANCHES, PLAN_FALLBACK_REASONS, type PlanOutcome, type PrefillPlan } from '@tsukimi/serving';
import { type PlanOutcome as WireOutcome, type PlanOutcome__Output as WireOutcomeOut } from '../generated/tsukimi/v1/PlanOutcome';
import { type PrefillPlan as WirePlan, type PrefillPlan__Output as WirePlanOut } from '../generated/tsukimi/v1/PrefillPlan';

const isBranch = (value: string): value is PrefillPlan['branch'] => (PLAN_BRANCHES as readonly string[]).includes(value);

export function planToWire(plan: PrefillPlan | undefined): WirePlan | null {
  if (plan === undefined) return null;
  return { branch: plan.branch, deviceBlocks: plan.deviceBlocks, reusedBlocks: plan.reusedBlocks, sourceNode: plan.source?.node ?? '', sourceTier: plan.source?.tier ?? '' };
}

/** A plan from the wire, checked: an unknown branch or tier is named, never guessed; none is `undefined`. */
export function planFromWire(wire: WirePlanOut | null): Result<PrefillPlan | undefined, string> {
  if (!wire) return ok(undefined);
  if (!isBranch(wire.branch)) return err(`plan.branch must be one of ${PLAN_BRANCHES.join(', ')}, got '${wire.branch}'`);
  if (wire.reusedBlocks < wire.deviceBlocks) return err(`plan.reused_blocks (${wire.reusedBlocks}) must be at least plan.device_blocks (${wire.deviceBlocks})`);
  const plan = { branch: wire.branch, deviceBlocks: wire.deviceBlocks, reusedBlocks: wire.reusedBlocks };
  if (wire.sourceNode === '') return ok(plan);
  if (wire.sourceTier !== 'dram' && wire.sourceTier !== 'ssd') return err(`plan.source_tier must be dram or ssd with a source node, got '${wire.sourceTier}'`);
  return ok({ ...plan, source: { node: wire.sourceNode, tier: wire.sourceTier } });
}

export function planOutcomeToWire(outcome: PlanOutcome): WireOutcome {
  return { branch: outcome.branch, reason: outcome.reason };
}

/** The outcome an instance reported; `undefined` when it reported none or one this conductor does not know. */
export function planOutcomeFromWire(wire: WireOutcomeOut | null): PlanOutcome | undefined {
  if (!wire) return undefined;
  if (wire.branch === 'none' && wire.reason === 'no-plan') return { branch: 'none', reason: 'no-plan' };
  if (!isBranch(wire.branch)) return undefined;
  if (wire.reason === 'followed') return { branch: wire.branch, reason: 'followed' };
  const reason = PLAN_FALLBACK_REASONS.find((r) => r === wire.reason);
  return reason === undefined ? undefined : { branch: wire.branch, reason };
}
