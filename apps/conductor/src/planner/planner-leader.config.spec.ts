import { plannerLeader } from './planner-leader.config';

describe('plannerLeader', () => {
  it.each([
    ['auto', 'scale', 'redis://r:6379', true, 'kubernetes'],
    ['auto', 'scale', undefined, true, 'kubernetes'],
    ['auto', 'metrics', 'redis://r:6379', true, 'redis'],
    ['auto', 'scale', 'redis://r:6379', false, 'redis'],
    ['auto', 'scale', undefined, false, 'none'],
    ['kubernetes', 'metrics', undefined, false, 'kubernetes'],
    ['none', 'scale', 'redis://r:6379', true, 'none'],
    ['redis', 'scale', 'redis://r:6379', true, 'redis'],
  ] as const)('--planner-leader=%s in %s mode, redis %s, in a Pod %s: %s', (leader, planner, redisUrl, inPod, chosen) => {
    expect(plannerLeader({ planner, plannerLeader: leader, redisUrl }, inPod)).toBe(chosen);
  });

  it('redis without --redis-url fails naming the flag', () => {
    expect(() => plannerLeader({ planner: 'scale', plannerLeader: 'redis' }, false)).toThrow(/^planner setting --planner-leader: redis needs --redis-url/);
  });
});
