import { instanceId, type ScheduleDecision } from '@tsukimi/scheduler';
import { type PrefillPlan } from '@tsukimi/serving';
import { prefillPlanOf } from './prefill-plan.builder';

type Route = Extract<ScheduleDecision, { kind: 'route' }>;

const route: Route = { kind: 'route', prefill: instanceId('p1'), decode: instanceId('d1'), cachedBlocks: 2, policy: 'kvcache-centric', chosenBy: 'policy' };
const estimate = { ttftMs: 10, queueMs: 0, prefillMs: 10, transferMs: 0, ownBlocks: 2, reusedBlocks: 2 } as const;
const fetching = { ...estimate, reusedBlocks: 9, branch: 'fetch' } as const;

describe('prefillPlanOf', () => {
  it.each<[string, Route, PrefillPlan | undefined]>([
    ['holder: its own blocks, nothing to read', { ...route, estimate: { ...estimate, branch: 'holder' } }, { branch: 'holder', deviceBlocks: 2, reusedBlocks: 2 }],
    ['recompute: its own blocks at most, nothing to read', { ...route, estimate: { ...estimate, branch: 'recompute' } }, { branch: 'recompute', deviceBlocks: 2, reusedBlocks: 2 }],
    [
      'fetch from a pool node\'s DRAM: the node and tier the decision chose',
      { ...route, estimate: { ...fetching, source: { tier: 'dram', node: 'n1' } }, migrate: { keys: [], from: { tier: 'dram', node: 'n1' } } },
      { branch: 'fetch', deviceBlocks: 2, reusedBlocks: 9, source: { node: 'n1', tier: 'dram' } },
    ],
    [
      'fetch from a pool node\'s SSD',
      { ...route, estimate: { ...fetching, source: { tier: 'ssd', node: 'n2' } }, migrate: { keys: [], from: { tier: 'ssd', node: 'n2' } } },
      { branch: 'fetch', deviceBlocks: 2, reusedBlocks: 9, source: { node: 'n2', tier: 'ssd' } },
    ],
    [
      'fetch of another instance\'s blocks: any replica in the pool',
      { ...route, estimate: { ...fetching, source: { tier: 'device', instance: instanceId('p2') } }, migrate: { keys: [], from: { tier: 'device', instance: instanceId('p2') } } },
      { branch: 'fetch', deviceBlocks: 2, reusedBlocks: 9 },
    ],
    ['no estimate: no branch chosen, no plan', route, undefined],
  ])('%s', (_what, decision, plan) => {
    expect(prefillPlanOf(decision)).toEqual(plan);
  });
});
