import { instanceId, type ScheduleDecision } from '@tsukimi/scheduler';
import { decisionBranch } from './decision-branch';

const route = { kind: 'route', prefill: instanceId('p1'), decode: instanceId('d1'), cachedBlocks: 0, policy: 'test', chosenBy: 'policy' } as const;
const estimate = { ttftMs: 10, queueMs: 0, prefillMs: 10, transferMs: 0, ownBlocks: 2, reusedBlocks: 2 } as const;
const migrate = { keys: [], from: { tier: 'dram', node: 'n1' } } as const;

describe('decisionBranch', () => {
  it.each<[string, ScheduleDecision, string]>([
    ['a rejection', { kind: 'reject', reason: 'overloaded', retryAfterMs: 1000, message: 'busy' }, 'rejected'],
    ['an estimate\'s branch over what the decision holds', { ...route, cachedBlocks: 3, estimate: { ...estimate, branch: 'recompute' } }, 'recompute'],
    ['an estimated fetch', { ...route, estimate: { ...estimate, branch: 'fetch' } }, 'fetch'],
    ['no estimate, blocks to migrate', { ...route, cachedBlocks: 1, migrate }, 'fetch'],
    ['no estimate, blocks the instance holds', { ...route, cachedBlocks: 2 }, 'holder'],
    ['no estimate, nothing cached', route, 'recompute'],
  ])('reads %s', (_what, decision, branch) => {
    expect(decisionBranch(decision)).toBe(branch);
  });
});
