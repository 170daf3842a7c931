import { type BlockKey } from '@tsukimi/kv-block';
import { blockHoldings, type Holding } from './block-holdings';

const k = (n: number) => n.toString(16).padStart(16, '0') as BlockKey;
const dram = (node: string): Holding => ({ tier: 'dram', node });
const ssd = (node: string): Holding => ({ tier: 'ssd', node });
const device = (instance: string): Holding => ({ tier: 'device', instance });

describe('blockHoldings', () => {
  it.each([
    { name: 'nothing held', held: [[], []], blocks: 0 },
    { name: 'every block somewhere', held: [[dram('n1')], [ssd('n1')], [device('p0')]], blocks: 3 },
    { name: 'a hole ends the prefix', held: [[dram('n1')], [], [dram('n1')]], blocks: 1 },
    { name: 'the first block missing', held: [[], [dram('n1')]], blocks: 0 },
  ])('counts the leading blocks held somewhere: $name', ({ held, blocks }) => {
    const keys = held.map((_, i) => k(i + 1));
    const answer = blockHoldings(keys, held, { blockSizeTokens: 16, showPlacement: true });
    expect(answer.matched_prefix).toEqual({ blocks, tokens: blocks * 16 });
    expect(answer.blocks.map((b) => [b.index, b.key])).toEqual(keys.map((key, i) => [i, key]));
  });

  it('orders each block\'s locations fastest tier first, then by name, with placement shown', () => {
    const answer = blockHoldings([k(1)], [[ssd('n2'), dram('n9'), device('p1'), dram('n1'), ssd('n1')]], { showPlacement: true });
    expect(answer.blocks[0]!.locations).toEqual([device('p1'), dram('n1'), dram('n9'), ssd('n1'), ssd('n2')]);
    expect(answer.matched_prefix).toEqual({ blocks: 1, tokens: null });
  });

  it('names only the tiers, each once, to a caller who may not see placement', () => {
    const answer = blockHoldings([k(1), k(2)], [[ssd('n2'), dram('n1'), ssd('n1'), device('p0')], []], { blockSizeTokens: 4, showPlacement: false });
    expect(answer.blocks).toEqual([
      { index: 0, key: k(1), locations: [{ tier: 'device' }, { tier: 'dram' }, { tier: 'ssd' }] },
      { index: 1, key: k(2), locations: [] },
    ]);
    expect(JSON.stringify(answer)).not.toMatch(/n1|n2|p0/);
  });
});
