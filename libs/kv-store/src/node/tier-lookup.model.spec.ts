import { isFasterTier, type NodeTier } from '../common/tier.model';
import { type NodeRead, tierLookups } from './tier-lookup.model';

const BOTH: readonly NodeTier[] = ['dram', 'ssd'];

describe('tierLookups', () => {
  it.each<[string, NodeRead, readonly NodeTier[], ReturnType<typeof tierLookups>]>([
    ['a DRAM hit', { hit: true, tier: 'dram', bytes: 8 }, BOTH, [{ tier: 'dram', hit: true }]],
    ['an SSD hit', { hit: true, tier: 'ssd', bytes: 8 }, BOTH, [{ tier: 'dram', hit: false }, { tier: 'ssd', hit: true }]],
    ['an absent block with an SSD', { hit: false, reason: 'absent' }, BOTH, [{ tier: 'dram', hit: false }, { tier: 'ssd', hit: false }]],
    ['a corrupt SSD copy', { hit: false, reason: 'corrupt' }, BOTH, [{ tier: 'dram', hit: false }, { tier: 'ssd', hit: false }]],
    ['an absent block without an SSD', { hit: false, reason: 'absent' }, ['dram'], [{ tier: 'dram', hit: false }]],
  ])('%s', (_what, read, tiers, expected) => {
    expect(tierLookups(read, tiers)).toEqual(expected);
  });
});

describe('isFasterTier', () => {
  it.each([
    ['device', 'dram', true],
    ['dram', 'ssd', true],
    ['ssd', 'dram', false],
    ['dram', 'dram', false],
  ] as const)('%s faster than %s: %s', (a, b, faster) => {
    expect(isFasterTier(a, b)).toBe(faster);
  });
});
