import { entryOf } from '../testing/entry.fixture';
import { keyOf } from '../testing/block.fixture';
import { type BlockEntry } from '../metadata/block-entry.model';
import { evictionPolicy } from './eviction-policy.registry';
import { type EvictionPolicyType } from './eviction-policy.port';
import { evictionTargetBytes, planEviction, type EvictionPlanInput } from './eviction.planner';

const now = 1_000;
const plan = (entries: readonly BlockEntry[], overrides: Partial<EvictionPlanInput> = {}) =>
  planEviction({ capacityBytes: 1000, usedBytes: 1000, entries, nowMs: now, policy: evictionPolicy('lru'), highWatermark: 0.9, batchRatio: 0.05, ...overrides });
const keysOf = (victims: readonly { key: string }[]) => victims.map((victim) => victim.key);
const hundred = Array.from({ length: 100 }, (_, i) => entryOf(i + 1));

describe('eviction planner', () => {
  it.each([
    { usedBytes: 0, target: 0 },
    { usedBytes: 899, target: 0 },
    { usedBytes: 900, target: 50 },
    { usedBytes: 950, target: 100 },
    { usedBytes: 1000, target: 150 },
  ])('frees $target bytes of 1000 when $usedBytes are used (watermark 0.9, batch 0.05)', ({ usedBytes, target }) => {
    expect(evictionTargetBytes(usedBytes, 1000, 0.9, 0.05)).toBe(target);
  });

  it.each([
    { usedBytes: 900, victims: 5 },
    { usedBytes: 1000, victims: 15 },
    { usedBytes: 800, victims: 0 },
  ])('evicts $victims 10-byte blocks when $usedBytes of 1000 bytes are used', ({ usedBytes, victims }) => {
    expect(plan(hundred, { usedBytes })).toHaveLength(victims);
  });

  const mixed = [
    entryOf(1, { lastAccessMs: 30, accessCount: 1, blockIndex: 0 }),
    entryOf(2, { lastAccessMs: 10, accessCount: 5, blockIndex: 1 }),
    entryOf(3, { lastAccessMs: 20, accessCount: 1, blockIndex: 7 }),
    entryOf(4, { lastAccessMs: 40, accessCount: 0, blockIndex: 7 }),
  ];
  it.each([
    { policy: 'lru', order: [2, 3, 1, 4] },
    { policy: 'lfu', order: [4, 3, 1, 2] },
    { policy: 'length-aware', order: [3, 4, 2, 1] },
  ] as { policy: EvictionPolicyType; order: number[] }[])('orders victims by $policy', ({ policy, order }) => {
    const victims = plan(mixed, { policy: evictionPolicy(policy), capacityBytes: 40, usedBytes: 40, batchRatio: 0.9 });
    expect(keysOf(victims)).toEqual(order.map(keyOf));
  });

  it.each([
    { name: 'leased', overrides: { leaseExpiresAtMs: now + 1 } },
    { name: 'soft-pinned', overrides: { softPinExpiresAtMs: now + 1 } },
    { name: 'hard-pinned', overrides: { hardPinned: true } },
    { name: 'pending', overrides: { status: 'pending' as const } },
  ])('never evicts a $name block, even short of the target', ({ overrides }) => {
    const victims = plan([entryOf(1, overrides), entryOf(2)], { capacityBytes: 20, usedBytes: 20, batchRatio: 0.9 });
    expect(keysOf(victims)).toEqual([keyOf(2)]);
  });

  it.each([
    { name: 'a lease', overrides: { leaseExpiresAtMs: now } },
    { name: 'a soft pin', overrides: { softPinExpiresAtMs: now - 1 } },
  ])('evicts a block whose $name has expired', ({ overrides }) => {
    expect(keysOf(plan([entryOf(1, overrides)], { capacityBytes: 10, usedBytes: 10 }))).toEqual([keyOf(1)]);
  });

  it.each([
    { demoteRoomBytes: undefined, actions: ['delete', 'delete'] },
    { demoteRoomBytes: 10, actions: ['demote', 'delete'] },
    { demoteRoomBytes: 100, actions: ['demote', 'demote'] },
  ])('demotes to SSD while it has room ($demoteRoomBytes bytes), deleting the rest', ({ demoteRoomBytes, actions }) => {
    const victims = plan([entryOf(1), entryOf(2)], { capacityBytes: 20, usedBytes: 20, batchRatio: 0.9, demoteRoomBytes });
    expect(victims.map((victim) => victim.action)).toEqual(actions);
  });
});
