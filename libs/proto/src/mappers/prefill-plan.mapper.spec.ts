import { type PlanOutcome, type PrefillPlan } from '@tsukimi/serving';
import { planFromWire, planOutcomeFromWire, planOutcomeToWire, planToWire } from './prefill-plan.mapper';

const wire = (plan: Parameters<typeof planFromWire>[0]) => planFromWire(plan);
const base = { branch: 'fetch', deviceBlocks: 1, reusedBlocks: 4, sourceNode: '', sourceTier: '' };

describe('prefill plan on the wire', () => {
  it.each<[string, PrefillPlan]>([
    ['a holder', { branch: 'holder', deviceBlocks: 3, reusedBlocks: 3 }],
    ['a recompute', { branch: 'recompute', deviceBlocks: 0, reusedBlocks: 0 }],
    ['a fetch from any replica', { branch: 'fetch', deviceBlocks: 1, reusedBlocks: 4 }],
    ['a fetch from a node\'s SSD', { branch: 'fetch', deviceBlocks: 1, reusedBlocks: 4, source: { node: 'n1', tier: 'ssd' } }],
  ])('round-trips %s', (_what, plan) => {
    const sent = planToWire(plan)!;
    expect(planFromWire({ branch: '', deviceBlocks: 0, reusedBlocks: 0, sourceNode: '', sourceTier: '', ...sent })).toEqual({ ok: true, value: plan });
  });

  it('reads no plan as none', () => {
    expect(planToWire(undefined)).toBeNull();
    expect(wire(null)).toEqual({ ok: true, value: undefined });
  });

  it.each([
    ['an unknown branch', { ...base, branch: 'teleport' }, 'plan.branch'],
    ['fewer reused blocks than device blocks', { ...base, deviceBlocks: 5 }, 'plan.reused_blocks'],
    ['a node without a pool tier', { ...base, sourceNode: 'n1', sourceTier: 'device' }, 'plan.source_tier'],
  ])('refuses %s, naming the field', (_what, plan, field) => {
    const read = wire(plan);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.error).toContain(field);
  });

  it.each<PlanOutcome>([
    { branch: 'fetch', reason: 'followed' },
    { branch: 'holder', reason: 'device-evicted' },
    { branch: 'fetch', reason: 'node-unreachable' },
    { branch: 'none', reason: 'no-plan' },
  ])('round-trips the outcome %o', (outcome) => {
    expect(planOutcomeFromWire(planOutcomeToWire(outcome) as { branch: string; reason: string })).toEqual(outcome);
  });

  it('drops an outcome it does not know, and none', () => {
    expect(planOutcomeFromWire({ branch: 'fetch', reason: 'cosmic-ray' })).toBeUndefined();
    expect(planOutcomeFromWire({ branch: 'sideways', reason: 'followed' })).toBeUndefined();
    expect(planOutcomeFromWire(null)).toBeUndefined();
  });
});
